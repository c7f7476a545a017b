package dev.lkscaler.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.loop.ClosedLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
  @Test
  void rowsComeFromTheCountersAndTimeToCapacityFromTheSamples() throws Exception {
    Summary summary = Summary.of(Runs.run());

    ComponentSummary lk = summary.row(ClosedLoop.LKSCALER, Component.AGENTS).orElseThrow();
    ComponentSummary base = summary.row(ClosedLoop.BASELINE, Component.AGENTS).orElseThrow();
    ComponentSummary oracle = summary.row(ClosedLoop.ORACLE, Component.AGENTS).orElseThrow();
    // the rise starts at 20 s; the oracle's peak is 4 workers (2.5 at 0.7 each), so 4 ready
    // workers are enough: lkscaler has 4 at 50 s (load 2.0 / 0.5), the baseline at 80 s, the
    // oracle at 60 s, when the load peaks
    assertThat(lk.timeToCapacity()).hasValue(30);
    assertThat(base.timeToCapacity()).hasValue(60);
    assertThat(oracle.timeToCapacity()).hasValue(40);
    assertThat(summary.podSecondsRatio(ClosedLoop.LKSCALER, ClosedLoop.ORACLE, Component.AGENTS))
        .hasValue(2.0);
    assertThat(lk.rejected()).isZero();
    assertThat(lk.timeToCapacityText()).isEqualTo("30");
    assertThat(base.rejectedShare()).isEqualTo(3 / 40.0);
    assertThat(base.lost()).isEqualTo(1);
    assertThat(lk.peakPods()).isEqualTo(5);
  }

  @Test
  void capacityNeverReachedIsNeverAndNoRiseIsADash() throws Exception {
    var rising = Runs.scenario().workloads().get(0);
    var flat =
        new dev.lkscaler.sim.scenario.Workload(
            rising.component(),
            dev.lkscaler.sim.scenario.RateProfile.constant(1),
            10,
            20,
            0.1,
            0,
            0,
            1,
            java.util.OptionalInt.empty(),
            java.util.OptionalInt.empty(),
            0,
            60,
            1,
            1);
    var samples = Runs.run().samples(ClosedLoop.BASELINE, Component.AGENTS);

    assertThat(Summary.timeToCapacity(samples, rising, 100)).hasValue(Double.POSITIVE_INFINITY);
    assertThat(
            new ComponentSummary(
                    ClosedLoop.BASELINE,
                    Component.AGENTS,
                    1,
                    0,
                    0,
                    1,
                    Summary.timeToCapacity(samples, rising, 100),
                    0,
                    0,
                    0,
                    0,
                    0)
                .timeToCapacityText())
        .isEqualTo("never");
    assertThat(Summary.timeToCapacity(samples, flat, 4)).isEmpty();
  }

  @Test
  void samplesAsCsvOneLinePerFleetComponentAndTime() throws Exception {
    String[] lines = SamplesCsv.render(Runs.run()).split("\n");

    assertThat(lines).hasSize(1 + 3 * 11);
    assertThat(lines[0]).isEqualTo(SamplesCsv.HEADER);
    assertThat(lines[6]).isEqualTo("lkscaler,agents,50.00,4,4,4,0,0,0,0.5000,2.0000,50,0,0");
    assertThat(lines[22]).isEqualTo("cpu-hpa,agents,100.00,4,4,4,0,0,1,0.6250,2.5000,100,3,0");
    assertThat(lines[33]).isEqualTo("oracle,agents,100.00,4,4,4,0,0,0,0.0000,2.5000,100,0,0");
  }

  @Test
  void theTextTablePutsTheFleetsSideBySide() throws Exception {
    assertThat(Text.summary(Summary.of(Runs.run()), List.of(Component.AGENTS)))
        .isEqualTo(
            """
        component                                  lkscaler cpu-hpa (60 %)         oracle
        agents    jobs offered                           40             40             40
                  rejected                        0 (0.0 %)      3 (7.5 %)      0 (0.0 %)
                  pod-seconds                           350            250            175
                  pod-seconds vs oracle               2.00x          1.43x          1.00x
                  peak pods                               5              4              4
                  s from rise to capacity                30             60             40
                  lost to drains                          0              1              0
        """);
  }

  @Test
  void theSfuBlockAddsParticipantSecondsAndTheOverloadedShareBesidePodSeconds() {
    Summary summary =
        new Summary(
            List.of(
                sfu(ClosedLoop.LKSCALER, 9_000, 120_000, 600),
                sfu(ClosedLoop.BASELINE, 7_500, 120_000, 4_800),
                sfu(ClosedLoop.ORACLE, 6_000, 120_000, 0)));

    ComponentSummary base = summary.row(ClosedLoop.BASELINE, Component.SFU).orElseThrow();
    assertThat(base.overloadedShare()).isEqualTo(0.04);
    assertThat(Text.summary(summary, List.of(Component.SFU)))
        .isEqualTo(
            """
        component                                  lkscaler cpu-hpa (60 %)         oracle
        sfu       rooms offered                         300            300            300
                  rejected                        0 (0.0 %)      0 (0.0 %)      0 (0.0 %)
                  pod-seconds                          9000           7500           6000
                  pod-seconds vs oracle               1.50x          1.25x          1.00x
                  participant-seconds                120000         120000         120000
                  on nodes >= 0.9 CPU          600 (0.50 %)  4800 (4.00 %)     0 (0.00 %)
                  peak pods                              12             10              8
                  s from rise to capacity                 -              -              -
                  lost to drains                          0              0              0
        """);
  }

  private static ComponentSummary sfu(
      String fleet, double podSeconds, double participantSeconds, double overloaded) {
    return new ComponentSummary(
        fleet,
        Component.SFU,
        300,
        0,
        podSeconds,
        (int) (podSeconds / 750),
        java.util.OptionalDouble.empty(),
        0,
        0,
        0,
        participantSeconds,
        overloaded);
  }

  @Test
  void theOutageParagraphCountsWhatLkscalerAnsweredWhilePrometheusWasDown() throws Exception {
    var run = Runs.outageRun();

    OutageSummary outage = OutageSummary.of(run).orElseThrow();

    assertThat(outage.decisions()).isEqualTo(2);
    assertThat(outage.unavailable()).isEqualTo(2);
    assertThat(outage.lowestDecision()).isEqualTo(3);
    assertThat(outage.inactive()).isEqualTo(1);
    assertThat(outage.scaleDowns()).isEqualTo(1);
    assertThat(outage.describe())
        .isEqualTo(
            "Prometheus was down from 30 s to 70 s. lkscaler answered 2 calls with a decision (its last good one; lowest 3),"
                + " then 2 with UNAVAILABLE; 1 inactive answers; 1 scale-downs. Fresh decisions came back agents 640 ms"
                + " (real time) after Prometheus was ready again.");
  }
}
