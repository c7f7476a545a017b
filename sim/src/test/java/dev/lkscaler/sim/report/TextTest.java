package dev.lkscaler.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.loop.ClosedLoop;
import dev.lkscaler.sim.loop.LiveRow;
import dev.lkscaler.sim.loop.Sample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void aLiveRowShowsOfferedLoadThenPodsDesiredOutOfServiceAndRejectedPerFleet() {
    Map<String, Map<Component, Sample>> fleets = new LinkedHashMap<>();
    fleets.put(
        ClosedLoop.LKSCALER,
        Map.of(
            Component.AGENTS, new Sample(120, 9, 10, 8, 1, 1, 2, 0.55, 4.56, 300, 0, 0),
            Component.EGRESS, new Sample(120, 7, 7, 7, 0, 0, 0, 2, 5, 40, 1, 0)));
    fleets.put(
        ClosedLoop.BASELINE,
        Map.of(
            Component.AGENTS, new Sample(120, 7, 7, 7, 0, 0, 5, 0.66, 4.56, 300, 12, 0),
            Component.EGRESS, new Sample(120, 6, 6, 6, 0, 0, 0, 1, 5, 40, 3, 0)));
    List<Component> components = List.of(Component.AGENTS, Component.EGRESS);

    assertThat(Text.liveHeader(components))
        .isEqualTo(
            "   time prom | agents     cpu  lk:pods/des  oos   rej  hpa:pods/des  oos   rej"
                + " | egress     rec  lk:pods/des    rej  hpa:pods/des    rej");
    assertThat(Text.liveRow(new LiveRow(120, false, fleets), components))
        .isEqualTo(
            "   120s DOWN | agents    4.56  lk:10/9        2     0  hpa:7/7         5    12"
                + " | egress       5  lk:7/7           1  hpa:6/6           3");
  }
}
