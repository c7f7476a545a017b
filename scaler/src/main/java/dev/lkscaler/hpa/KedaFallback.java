package dev.lkscaler.hpa;

import java.util.Optional;

/**
 * KEDA's fallback for one metric of a ScaledObject (pkg/fallback/fallback.go,
 * GetMetricsWithFallback). Its polling loop and the HPA's metric fetches both pass through it and
 * share one count of failures in a row (status.health); a success resets it. Once the count exceeds
 * failureThreshold, a failure is answered with target × the fallback's replicas (AverageValue), and
 * the trigger counts as active. Without a fallback, errors pass through and nothing is counted.
 * Pure.
 */
public final class KedaFallback {
  /** One GetMetricsAndActivity: the metric value and the activity. */
  public record Answer(double value, boolean active) {}

  /** What KEDA makes of one call: the answer (the scaler's or the fallback's), or the error. */
  public record Served(Optional<Answer> answer, boolean fallback) {}

  private final Optional<Fallback> fallback;
  private int failures;

  public KedaFallback(Optional<Fallback> fallback) {
    this.fallback = fallback;
  }

  /**
   * @param scaler the scaler's answer, empty when the call failed (after KEDA's one retry)
   * @param currentReplicas the target's spec.replicas
   * @param target the metric's AverageValue target
   */
  public Served serve(Optional<Answer> scaler, int currentReplicas, double target) {
    if (fallback.isEmpty()) {
      return new Served(scaler, false);
    }
    if (scaler.isPresent()) {
      failures = 0;
      return new Served(scaler, false);
    }
    failures++;
    if (failures <= fallback.get().failureThreshold()) {
      return new Served(Optional.empty(), false);
    }
    // a milli-Quantity, truncated: int64(target * 1000 * replicas)
    double milli = Math.floor(target * 1000 * fallback.get().replicasAt(currentReplicas));
    return new Served(Optional.of(new Answer(milli / 1000, true)), true);
  }
}
