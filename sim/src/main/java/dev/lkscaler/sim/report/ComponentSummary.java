package dev.lkscaler.sim.report;

import dev.lkscaler.sim.fleet.Component;
import java.util.OptionalDouble;

/**
 * One fleet's outcome for one component over a run.
 *
 * @param timeToCapacity simulated seconds from the start of the load's rise to the first moment its
 *     ready pods could carry the run's peak offered load (as many as the oracle's peak); infinite
 *     if that never came, empty when the load does not rise
 * @param lost work lost to drains cut by the grace period
 * @param participantSeconds SFU: participants on nodes, integrated over the run; 0 for the others
 * @param overloadedParticipantSeconds SFU: the part of them on nodes at or above 0.9 CPU, where
 *     media quality degrades (the harm the SFU does instead of rejecting rooms)
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
    double longestDrain,
    double participantSeconds,
    double overloadedParticipantSeconds) {

  /** The time to capacity as the tables show it: seconds, "never", or "-" without a rise. */
  public String timeToCapacityText() {
    if (timeToCapacity.isEmpty()) {
      return "-";
    }
    double seconds = timeToCapacity.getAsDouble();
    return Double.isInfinite(seconds)
        ? "never"
        : String.format(java.util.Locale.ROOT, "%.0f", seconds);
  }

  public double rejectedShare() {
    return offered == 0 ? 0 : rejected / (double) offered;
  }

  /** The share of participant-seconds on overloaded nodes; 0 without participants. */
  public double overloadedShare() {
    return participantSeconds == 0 ? 0 : overloadedParticipantSeconds / participantSeconds;
  }

  /** The overloaded participant-seconds and their share, as the tables show them. */
  public String overloadedText() {
    return String.format(
        java.util.Locale.ROOT,
        "%.0f (%.2f %%)",
        overloadedParticipantSeconds,
        100 * overloadedShare());
  }
}
