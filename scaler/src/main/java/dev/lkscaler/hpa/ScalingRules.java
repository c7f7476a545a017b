package dev.lkscaler.hpa;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The HPA's rules for one direction (behavior.scaleUp or behavior.scaleDown), with the API server's
 * defaults already filled in.
 *
 * @param tolerance behavior.*.tolerance (KEP-4951, beta and on by default since 1.34); empty takes
 *     the controller's --horizontal-pod-autoscaler-tolerance
 */
public record ScalingRules(
    int stabilizationWindowSeconds,
    Select selectPolicy,
    List<ScalingPolicy> policies,
    OptionalDouble tolerance) {
  /** Which policy wins when several allow different changes. */
  public enum Select implements Wire {
    MAX("Max"),
    MIN("Min"),
    DISABLED("Disabled");

    private final String wire;

    Select(String wire) {
      this.wire = wire;
    }

    @Override
    public String wire() {
      return wire;
    }

    public static Select fromWire(String text) {
      return Wire.parse(Select.class, text, "selectPolicy: expected Max, Min or Disabled. Found: ");
    }
  }

  public ScalingRules {
    policies = List.copyOf(policies);
    if (stabilizationWindowSeconds < 0 || stabilizationWindowSeconds > 3600) {
      throw new IllegalArgumentException(
          "stabilizationWindowSeconds: expected 0 to 3600. Found: " + stabilizationWindowSeconds);
    }
    if (tolerance.isPresent() && !(tolerance.getAsDouble() >= 0)) {
      throw new IllegalArgumentException(
          "tolerance: expected a number >= 0. Found: " + tolerance.getAsDouble());
    }
  }

  /** Rules without a tolerance of their own. */
  public ScalingRules(
      int stabilizationWindowSeconds, Select selectPolicy, List<ScalingPolicy> policies) {
    this(stabilizationWindowSeconds, selectPolicy, policies, OptionalDouble.empty());
  }

  public int longestPeriod() {
    return policies.stream().mapToInt(ScalingPolicy::periodSeconds).max().orElse(0);
  }
}
