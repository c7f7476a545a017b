package dev.lkscaler.sim.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time: real time since the start, times the time scale. With a scale of 10, one real
 * second is ten simulated seconds, so a 15 s HPA sync period runs every 1.5 real seconds.
 */
public final class SimClock {
  private final Clock real;
  private final double scale;
  private volatile Instant start;

  public SimClock(Clock real, double scale) {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("the time scale must be > 0");
    }
    this.real = real;
    this.scale = scale;
    this.start = real.instant();
  }

  /** Simulated time 0 is now. */
  public void restart() {
    start = real.instant();
  }

  /** Simulated seconds since the start. */
  public double now() {
    Duration elapsed = Duration.between(start, real.instant());
    return (elapsed.getSeconds() + elapsed.getNano() / 1e9) * scale;
  }

  public double scale() {
    return scale;
  }

  /** The real milliseconds that a simulated span takes. */
  public long realMillis(double simulatedSeconds) {
    return Math.max(1, Math.round(simulatedSeconds / scale * 1000));
  }
}
