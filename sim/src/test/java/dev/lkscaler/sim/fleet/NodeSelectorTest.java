package dev.lkscaler.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LiveKit's node selector as a decision table: the nodes (phase and CPU) to the chosen node. */
class NodeSelectorTest {
  private static final double LIMIT = 0.7;

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "the lowest load under the limit         | R0.30 R0.10 R0.50       |  1",
        "a node over the limit is passed over    | R0.95 R0.65 R0.69       |  1",
        "all over the limit: the least loaded    | R0.80 R0.75 R0.92       |  1",
        "at the limit is not under it            | R0.70 R0.71             |  0",
        "overloaded nodes still take rooms       | R1.40 R1.20             |  1",
        "draining and starting nodes take none   | D0.05 S0.00 R0.60       |  2",
        "a draining node under the limit is out  | R0.90 D0.10             |  0",
        "a tie goes to the first node            | R0.20 R0.20 R0.30       |  0",
        "no ready node: no node                  | S0.00 D0.10             | -1",
        "no node at all                          | ''                      | -1",
      })
  void choosesTheNodeForANewRoom(String rule, String nodes, int chosen) {
    List<String> written = Arrays.stream(nodes.split(" ")).filter(n -> !n.isEmpty()).toList();
    // named by position, so that two nodes at the same load are told apart
    List<PodView> pods =
        IntStream.range(0, written.size()).mapToObj(i -> node(i, written.get(i))).toList();

    assertThat(NodeSelector.LOAD_LIMIT).isEqualTo(LIMIT);
    assertThat(NodeSelector.choose(pods, p -> p.phase() == Phase.READY, PodView::load))
        .isEqualTo(chosen < 0 ? Optional.empty() : Optional.of(pods.get(chosen)));
  }

  /** R0.30: a ready node at 0.30 CPU; D draining, S starting. */
  private static PodView node(int index, String text) {
    Phase phase =
        switch (text.charAt(0)) {
          case 'R' -> Phase.READY;
          case 'D' -> Phase.DRAINING;
          case 'S' -> Phase.STARTING;
          default -> throw new IllegalArgumentException(text);
        };
    double load = Double.parseDouble(text.substring(1));
    return new PodView("livekit-server-" + index, phase, load, 0, load, 0, 0);
  }
}
