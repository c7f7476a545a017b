package dev.lkscaler.hpa;

/**
 * How far the usage ratio may stray from 1 before the HPA scales: it holds while {@code 1 -
 * scaleDown <= ratio <= 1 + scaleUp} (replica_calculator.go, Tolerances.isWithin, Kubernetes 1.33
 * and later). Unlike {@code |1 - ratio| <= t}, this keeps a ratio of exactly 1.1 inside 0.1.
 */
public record Tolerances(double scaleDown, double scaleUp) {
  /** kube-controller-manager's --horizontal-pod-autoscaler-tolerance, by default. */
  public static final double CLUSTER_DEFAULT = 0.1;

  public Tolerances {
    if (!(scaleDown >= 0) || !(scaleUp >= 0)) {
      throw new IllegalArgumentException(
          "tolerances: expected numbers >= 0. Found: down " + scaleDown + ", up " + scaleUp);
    }
  }

  /** The same tolerance both ways, as the controller's flag gives it. */
  public static Tolerances of(double tolerance) {
    return new Tolerances(tolerance, tolerance);
  }

  /** False for NaN (0 over 0 replicas), as in Go. */
  public boolean isWithin(double usageRatio) {
    return 1.0 - scaleDown <= usageRatio && usageRatio <= 1.0 + scaleUp;
  }
}
