package dev.lkscaler.sim.e2e;

import static dev.lkscaler.sim.loop.ClosedLoop.LKSCALER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.loop.Answer;
import dev.lkscaler.sim.loop.OutageResult;
import dev.lkscaler.sim.loop.RunResult;
import dev.lkscaler.sim.loop.SimPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real Prometheus process is stopped in the middle of steady load and started again on the same
 * port and data directory.
 */
class PrometheusOutageIT {
  /** The probe asks every 25 ms and each probe takes a few ms: the measurement's resolution. */
  private static final long PROBE_RESOLUTION_MILLIS = 100;

  @Test
  void holdsWhilePrometheusIsDownAndResumesWithinOneCacheTtl() throws Exception {
    RunResult run = SimRuns.completed("prometheus-outage");
    OutageResult outage = run.outage().orElseThrow();
    assertThat(outage.readyAt()).isGreaterThan(outage.stoppedAt());

    // the emulator itself never failed (an API server error would be recorded as method "error")
    assertThat(run.answers()).noneMatch(a -> a.method().equals("error"));
    for (Component component : run.scenario().components()) {
      // no scale-down while Prometheus is stopped
      assertThat(run.actions(LKSCALER, component))
          .filteredOn(a -> a.t() >= outage.stoppedAt() && a.t() <= outage.readyAt())
          .noneMatch(a -> a.to() < a.from());
      List<Answer> during =
          run.answers().stream()
              .filter(
                  a ->
                      a.component() == component
                          && a.t() >= outage.stoppedAt()
                          && a.t() <= outage.readyAt())
              .filter(a -> a.method().equals("GetMetrics") || a.method().equals("IsActive"))
              .toList();
      // no decision of 0, and never inactive: the last good decision stands in, then UNAVAILABLE
      assertThat(during)
          .filteredOn(Answer::ok)
          .isNotEmpty()
          .allSatisfy(
              a ->
                  assertThat(a.value().getAsDouble())
                      .as("%s %s at %.0f s", a.caller(), a.method(), a.t())
                      .isPositive());
      assertThat(during)
          .filteredOn(a -> !a.ok())
          .isNotEmpty()
          .allSatisfy(a -> assertThat(a.error()).isEqualTo("UNAVAILABLE"));
      // after Prometheus returns, decisions come from fresh data within one cache TTL
      assertThat(outage.resumedAfterMillis()).containsKey(component);
      assertThat(outage.resumedAfterMillis().get(component))
          .isLessThanOrEqualTo(SimPolicy.CACHE_TTL.toMillis() + PROBE_RESOLUTION_MILLIS);
    }
  }
}
