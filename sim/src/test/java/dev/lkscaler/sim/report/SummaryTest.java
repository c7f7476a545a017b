package dev.lkscaler.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.loop.ClosedLoop;
import dev.lkscaler.sim.loop.OutageResult;
import dev.lkscaler.sim.loop.ScaleAction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SummaryTest {
  @Test
  void rowsComeFromTheCountersAndTimeToCapacityFromTheSamples() throws Exception {
    Summary summary = Summary.of(Runs.run());

    ComponentSummary lk = summary.row(ClosedLoop.LKSCALER, Component.AGENTS).orElseThrow();
    ComponentSummary base = summary.row(ClosedLoop.BASELINE, Component.AGENTS).orElseThrow();
    // the rise starts at 20 s; the peak offered load is 2.5, so 4 ready workers (4 x 0.7 = 2.8) are
    // enough:
    // lkscaler has 4 at 50 s (load 2.0 / 0.5), the baseline 4 at 80 s
    assertThat(lk.timeToCapacity()).hasValue(30);
    assertThat(base.timeToCapacity()).hasValue(60);
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
    assertThat(Summary.timeToCapacity(samples, flat, 2.5)).isEmpty();
  }

  @Test
  void samplesAsCsvOneLinePerFleetComponentAndTime() throws Exception {
    String[] lines = SamplesCsv.render(Runs.run()).split("\n");

    assertThat(lines).hasSize(1 + 2 * 11);
    assertThat(lines[0]).isEqualTo(SamplesCsv.HEADER);
    assertThat(lines[6]).isEqualTo("lkscaler,agents,50.00,4,4,4,0,0,0,0.5000,2.0000,50,0,0");
    assertThat(lines[22]).isEqualTo("cpu-hpa,agents,100.00,4,4,4,0,0,1,0.6250,2.5000,100,3,0");
  }

  @Test
  void theTextTablePutsTheFleetsSideBySide() throws Exception {
    assertThat(Text.summary(Summary.of(Runs.run()), List.of(Component.AGENTS)))
        .isEqualTo(
            """
        component                                  lkscaler cpu-hpa (60 %)
        agents    jobs offered                           40             40
                  rejected                        0 (0.0 %)      3 (7.5 %)
                  pod-seconds                           350            250
                  peak pods                               5              4
                  s from rise to capacity                30             60
                  lost to drains                          0              1
        """);
  }

  @Test
  void theSfuBlockAddsParticipantSecondsAndTheOverloadedShareBesidePodSeconds() {
    Summary summary =
        new Summary(
            List.of(
                sfu(ClosedLoop.LKSCALER, 9_000, 120_000, 600),
                sfu(ClosedLoop.BASELINE, 7_500, 120_000, 4_800)));

    ComponentSummary base = summary.row(ClosedLoop.BASELINE, Component.SFU).orElseThrow();
    assertThat(base.overloadedShare()).isEqualTo(0.04);
    assertThat(Text.summary(summary, List.of(Component.SFU)))
        .isEqualTo(
            """
        component                                  lkscaler cpu-hpa (60 %)
        sfu       rooms offered                         300            300
                  rejected                        0 (0.0 %)      0 (0.0 %)
                  pod-seconds                          9000           7500
                  participant-seconds                120000         120000
                  on nodes >= 0.9 CPU          600 (0.50 %)  4800 (4.00 %)
                  peak pods                              12             10
                  s from rise to capacity                 -              -
                  lost to drains                          0              0
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
    var run =
        Runs.run(
            Optional.of(new OutageResult(30, 70, Map.of(Component.AGENTS, 640L))),
            List.of(
                Runs.answer(20, "GetMetrics", 1),
                Runs.answer(35, "GetMetrics", 4),
                Runs.answer(35, "IsActive", 1),
                Runs.answer(45, "GetMetrics", 3),
                Runs.unavailable(65),
                Runs.unavailable(66),
                Runs.answer(80, "GetMetrics", 0)),
            List.of(
                new ScaleAction(50, ClosedLoop.LKSCALER, Component.AGENTS, 4, 3, "hpa", "test"),
                new ScaleAction(90, ClosedLoop.LKSCALER, Component.AGENTS, 3, 2, "hpa", "test")));

    OutageSummary outage = OutageSummary.of(run).orElseThrow();

    assertThat(outage.decisions()).isEqualTo(2);
    assertThat(outage.unavailable()).isEqualTo(2);
    assertThat(outage.lowestDecision()).isEqualTo(3);
    assertThat(outage.inactive()).isZero();
    assertThat(outage.scaleDowns()).isEqualTo(1);
    assertThat(outage.describe())
        .isEqualTo(
            "Prometheus was down from 30 s to 70 s. lkscaler answered 2 calls with a decision (its last good one; lowest 3),"
                + " then 2 with UNAVAILABLE; 0 inactive answers; 1 scale-downs. Fresh decisions came back agents 640 ms"
                + " (real time) after Prometheus was ready again.");
  }
}
