package dev.lkscaler.sim.scenario;

/**
 * Prometheus is stopped at {@code at} and started again {@code duration} later (simulated seconds).
 */
public record Outage(double at, double duration) {
  public Outage {
    if (!(at >= 0) || !(duration > 0)) {
      throw new IllegalArgumentException("an outage needs at >= 0 and a duration > 0");
    }
  }

  public double end() {
    return at + duration;
  }
}
