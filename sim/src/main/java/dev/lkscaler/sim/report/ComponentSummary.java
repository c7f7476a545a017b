package dev.lkscaler.sim.report;

import dev.lkscaler.sim.fleet.Component;
import java.util.OptionalDouble;

/**
 * One fleet's outcome for one component over a run.
 *
 * @param timeToCapacity simulated seconds from the start of the load's rise to the first moment its
 *     ready pods could carry the run's peak offered load; empty without a rise or if never
 * @param lost work lost to drains cut by the grace period
 */
public record ComponentSummary(
    String fleet,
    Component component,
    long offered,
    long rejected,
    double podSeconds,
    int peakPods,
    OptionalDouble timeToCapacity,
    long lost,
    long drains,
    double longestDrain) {

  public double rejectedShare() {
    return offered == 0 ? 0 : rejected / (double) offered;
  }
}
