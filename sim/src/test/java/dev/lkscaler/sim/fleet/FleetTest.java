package dev.lkscaler.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.sim.scenario.Scenario;
import dev.lkscaler.sim.scenario.Scenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SFU in the ramp leaves the other components' work, pods and figures as they were. */
class FleetTest {
  private static final List<Component> OTHERS =
      List.of(Component.AGENTS, Component.SIP, Component.EGRESS);

  private static Scenario withoutSfu(Scenario ramp) {
    return new Scenario(
        ramp.name(),
        ramp.description(),
        ramp.duration(),
        ramp.seed(),
        ramp.workloads().stream().filter(w -> w.component() != Component.SFU).toList(),
        ramp.outage());
  }

  @Test
  void theRampsOtherComponentsAreOfferedTheSameWork() throws Exception {
    Scenario ramp = Scenarios.load("ramp");
    assertThat(ramp.components()).contains(Component.SFU);

    List<Work> with = others(Arrivals.generate(ramp));
    List<Work> without = Arrivals.generate(withoutSfu(ramp));

    assertThat(with).isNotEmpty().isEqualTo(without);
  }

  /**
   * Both fleets follow the same replica script (each component set to what its offered load needs
   * every 15 s); every snapshot of agents, SIP and egress is the same with the SFU beside them.
   */
  @Test
  void theRampsOtherPoolsRunTheSameWithTheSfuBesideThem() throws Exception {
    Scenario ramp = Scenarios.load("ramp");
    Scenario alone = withoutSfu(ramp);
    Fleet with = new Fleet("livekit", ramp, Arrivals.generate(ramp), ramp.seed());
    Fleet without = new Fleet("livekit", alone, Arrivals.generate(alone), alone.seed());
    List<Map<Component, PoolSnapshot>> left = new ArrayList<>();
    List<Map<Component, PoolSnapshot>> right = new ArrayList<>();
    int agentRoomsAtLeast = Integer.MAX_VALUE;
    for (double t = 0; t <= ramp.duration(); t += 0.5) {
      with.advanceTo(t);
      without.advanceTo(t);
      if (t % 15 == 0) {
        for (Component component : OTHERS) {
          int replicas =
              Math.max(1, (int) Math.ceil(with.pool(component).snapshot().offeredLoad()));
          with.pool(component).setDesired(replicas);
          without.pool(component).setDesired(replicas);
        }
      }
      Map<Component, PoolSnapshot> a = with.snapshot();
      agentRoomsAtLeast = Math.min(agentRoomsAtLeast, a.get(Component.AGENTS).offeredInProgress());
      a.remove(Component.SFU);
      left.add(a);
      right.add(without.snapshot());
    }

    assertThat(left).isEqualTo(right);
    // the agents' activation query sums every room in the namespace: the agents' own rooms keep
    // it above 0 all through the ramp, so the SFU's rooms cannot change its answer
    assertThat(agentRoomsAtLeast).isPositive();
  }

  private static List<Work> others(List<Work> work) {
    return work.stream().filter(w -> OTHERS.contains(w.component())).toList();
  }
}
