package dev.lkscaler.sim.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.fleet.Counters;
import dev.lkscaler.sim.fleet.Work;
import dev.lkscaler.sim.scenario.RateProfile;
import dev.lkscaler.sim.scenario.Scenario;
import dev.lkscaler.sim.scenario.Workload;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OracleTest {
  /**
   * Given the work in progress, the oracle's pods: agents at 0.7 load each, idle CPU included; SIP
   * at their capacity; egress one recording each; SFU nodes at 0.7 CPU, idle CPU included.
   */
  @ParameterizedTest(name = "{0} {1}/{2}/{3}, {4} in progress -> {5} pods")
  @CsvSource({
    // component, workCpu, idleCpu, capacityPerPod, work in progress, pods
    "agents, 0.04, 0.02, 0, 0, 0",
    "agents, 0.04, 0.02, 0, 1, 1",
    // 17 x 0.04 + 0.02 = 0.7: one worker, exactly at the out-of-service point
    "agents, 0.04, 0.02, 0, 17, 1",
    "agents, 0.04, 0.02, 0, 18, 2",
    "agents, 0.04, 0.02, 0, 34, 2",
    "agents, 0.04, 0.02, 0, 35, 3",
    // idle CPU counts: 14 jobs of 0.05 are 0.7, but with 0.02 idle they need two workers
    "agents, 0.05, 0, 0, 14, 1",
    "agents, 0.05, 0.02, 0, 14, 2",
    "agents, 0.1, 0, 0, 7, 1",
    "agents, 0.1, 0, 0, 8, 2",
    "sip, 0, 0.05, 20, 0, 0",
    "sip, 0, 0.05, 20, 1, 1",
    "sip, 0, 0.05, 20, 20, 1",
    "sip, 0, 0.05, 20, 21, 2",
    "sip, 0, 0.05, 20, 40, 2",
    "egress, 0.75, 0.02, 1, 0, 0",
    "egress, 0.75, 0.02, 1, 1, 1",
    "egress, 0.75, 0.02, 1, 7, 7",
    // SFU nodes fill to the node selector's 0.7, idle CPU included (workCpu: one room's CPU)
    "sfu, 0.2, 0.1, 0, 0, 0",
    "sfu, 0.2, 0.1, 0, 3, 1",
    "sfu, 0.2, 0.1, 0, 4, 2",
    "sfu, 0.05, 0.1, 0, 24, 2",
    "sfu, 0.05, 0.1, 0, 25, 3",
  })
  void podsForTheWorkInProgress(
      String component, double workCpu, double idleCpu, int capacity, int inProgress, int pods) {
    Workload workload =
        workload(Component.valueOf(component.toUpperCase(Locale.ROOT)), workCpu, idleCpu, capacity);
    // summed one piece at a time, as the sweep does, rounding and all
    double cpu = 0;
    for (int i = 0; i < inProgress; i++) {
      cpu += workCpu;
    }

    assertThat(Oracle.podsNeeded(workload, cpu, inProgress)).isEqualTo(pods);
  }

  /**
   * Two jobs of 0.35 fill a worker. w0 is warm-up work (before 0); at 10 s w0 ends as w2 starts,
   * the end first; w3 makes three jobs from 15 s to 20 s.
   */
  static final List<Work> JOBS =
      List.of(
          new Work(0, Component.AGENTS, -5, 10, 0.35),
          new Work(1, Component.AGENTS, 0, 20, 0.35),
          new Work(2, Component.AGENTS, 10, 30, 0.35),
          new Work(3, Component.AGENTS, 15, 25, 0.35),
          // another component's work is not the agents'
          new Work(4, Component.EGRESS, 5, 50, 0.75));

  @ParameterizedTest(name = "until {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "40 | 0:1 10:1 15:2 20:1 25:1 30:0 40:0 | 35 | 2 | 3",
        "17 | 0:1 10:1 15:2 17:2 | 19 | 2 | 3",
        "12 | 0:1 10:1 12:1 | 12 | 1 | 2",
      })
  void aStepAtEachChangeFromTheArrivalsAlone(
      double until, String steps, double podSeconds, int peak, long offered) {
    Oracle oracle = Oracle.of(scenario(40, workload(Component.AGENTS, 0.35, 0, 0)), JOBS);

    assertThat(
            oracle.samples(Component.AGENTS, until).stream()
                .map(s -> String.format(Locale.ROOT, "%.0f:%d", s.t(), s.pods()))
                .collect(Collectors.joining(" ")))
        .isEqualTo(steps);
    assertThat(oracle.samples(Component.AGENTS, until))
        .allSatisfy(
            s -> {
              assertThat(s.ready()).isEqualTo(s.pods()).isEqualTo(s.desired());
              assertThat(s.rejected()).isZero();
              assertThat(s.lost()).isZero();
            });
    assertThat(oracle.counters(Component.AGENTS, until))
        .isEqualTo(new Counters(offered, 0, 0, 0, 0, 0, 0, podSeconds, peak, 0, 0));
  }

  @Test
  void sfuParticipantSecondsCountFromZeroToTheEndAndNoneAreOverloaded() {
    // room 0: 3 participants from -10 to 20 (20 s counted); room 1: 2 from 10 to 50, cut at 40
    List<Work> rooms =
        List.of(
            new Work(0, Component.SFU, -10, 20, 0.3, 3),
            new Work(1, Component.SFU, 10, 50, 0.2, 2));
    Oracle oracle = Oracle.of(scenario(40, workload(Component.SFU, 0.1, 0.1, 0)), rooms);

    Counters counters = oracle.counters(Component.SFU, 40);
    assertThat(counters.participantSeconds()).isEqualTo(3 * 20 + 2 * 30.0);
    assertThat(counters.overloadedParticipantSeconds()).isZero();
    // 0.1 idle + 0.3 + 0.2 = 0.6 from 10 s to 20 s: one node throughout
    assertThat(counters.peakPods()).isEqualTo(1);
  }

  @Test
  void withoutWorkNoPods() {
    Oracle oracle = Oracle.of(scenario(30, workload(Component.SIP, 0, 0.05, 20)), List.of());

    assertThat(oracle.samples(30).get(Component.SIP))
        .extracting(Sample::t, Sample::pods)
        .containsExactly(tuple(0.0, 0), tuple(30.0, 0));
    assertThat(oracle.counters(30).get(Component.SIP).podSeconds()).isZero();
  }

  @Test
  void agentsWhoseIdleCpuLeavesNoRoomBelowTheThresholdHaveNoOracle() {
    assertThatThrownBy(
            () ->
                Oracle.of(
                    scenario(40, workload(Component.AGENTS, 0.1, 0.7, 0)), JOBS.subList(0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "agents.idleCpu: expected a number below 0.7 (an idle pod at it takes no work, so no"
                + " count of pods carries the work). Found: 0.7");
  }

  private static Scenario scenario(double duration, Workload workload) {
    return new Scenario("t", "", duration, 1, List.of(workload), Optional.empty());
  }

  private static Workload workload(
      Component component, double workCpu, double idleCpu, int capacity) {
    return new Workload(
        component,
        RateProfile.constant(0),
        10,
        10,
        workCpu,
        capacity,
        idleCpu,
        0,
        OptionalInt.empty(),
        OptionalInt.empty(),
        0,
        60,
        1,
        1);
  }
}
