package dev.lkscaler.sim.e2e;

import static dev.lkscaler.sim.loop.ClosedLoop.BASELINE;
import static dev.lkscaler.sim.loop.ClosedLoop.LKSCALER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.loop.OutageResult;
import dev.lkscaler.sim.loop.RunResult;
import dev.lkscaler.sim.report.OutageSummary;
import org.junit.jupiter.api.Test;

/**
 * Load falls just before Prometheus stops, below maxReplicas: the HPA's scale-down window still
 * holds the decisions from before the fall, so any scale-down it let go of during the outage, or
 * any answer of 0, would show.
 */
class OutageFallingIT {
  @Test
  void noScaleDownAndNoZeroWhilePrometheusIsDownThenScalesDown() throws Exception {
    RunResult run = SimRuns.completed("outage-falling");
    OutageResult outage = run.outage().orElseThrow();
    for (Component component : run.scenario().components()) {
      assertThat(OutageSummary.scaleDowns(run, outage, LKSCALER, component))
          .as("%s scale-downs while Prometheus was down", component.id())
          .isZero();
      assertThat(OutageSummary.zeroAnswers(run, outage, component))
          .as("%s answers of 0 while Prometheus was down", component.id())
          .isZero();
      // after recovery, normal decisions resume: the fall is followed down
      assertThat(run.actions(LKSCALER, component))
          .as("%s scale-downs after Prometheus was back", component.id())
          .anySatisfy(
              a -> {
                assertThat(a.t()).isGreaterThan(outage.readyAt());
                assertThat(a.to()).isLessThan(a.from());
              });
    }
    // the scenario does fall during the outage: the CPU HPA, which reads no Prometheus, follows it
    assertThat(OutageSummary.scaleDowns(run, outage, BASELINE, Component.AGENTS)).isPositive();
  }
}
