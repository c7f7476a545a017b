package dev.lkscaler.sim.loop;

/**
 * The times a periodic controller loop stamps its runs with: phase + k × period. A run wakes a
 * little late and its calls take time, so reading the clock would put half of consecutive HPA syncs
 * under one period apart: the previous scale event would still be inside a 15 s policy period and
 * stall the next step. Kubernetes' syncs and KEDA's polls are each one period after the last, so a
 * run takes the nominal time nearest to when it woke, and never one already given.
 */
final class SyncTimes {
  private final double phase;
  private final double period;
  private long last = -1;

  SyncTimes(double phase, double period) {
    if (!(period > 0)) {
      throw new IllegalArgumentException("period: expected > 0. Found: " + period);
    }
    this.phase = phase;
    this.period = period;
  }

  /** Whether the next run is due at {@code now}. */
  boolean due(double now) {
    return now >= phase + (last + 1) * period;
  }

  /** The nominal time of the run that woke at {@code now}. */
  double stamp(double now) {
    last = Math.max(last + 1, Math.round((now - phase) / period));
    return phase + last * period;
  }
}
