package dev.lkscaler.sim.loop;

import dev.lkscaler.sim.fleet.Component;
import java.util.Map;

/**
 * What happened around the Prometheus outage, in simulated seconds.
 *
 * @param stoppedAt when Prometheus had stopped
 * @param readyAt when Prometheus was ready again after its restart
 * @param resumedAfterMillis per component, real milliseconds from {@code readyAt} to lkscaler's
 *     first decision from fresh data (not last known good); absent when none came within 10 s
 */
public record OutageResult(
    double stoppedAt, double readyAt, Map<Component, Long> resumedAfterMillis) {
  public OutageResult {
    resumedAfterMillis = Map.copyOf(resumedAfterMillis);
  }
}
