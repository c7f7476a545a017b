package dev.lkscaler.hpa;

import java.util.List;

/** The HPA's rules for one direction (behavior.scaleUp or behavior.scaleDown). */
public record ScalingRules(
    int stabilizationWindowSeconds, Select selectPolicy, List<ScalingPolicy> policies) {
  /** Which policy wins when several allow different changes. */
  public enum Select {
    MAX("Max"),
    MIN("Min"),
    DISABLED("Disabled");

    private final String wire;

    Select(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public static Select fromWire(String text) {
      for (Select select : values()) {
        if (select.wire.equals(text)) {
          return select;
        }
      }
      throw new IllegalArgumentException(
          "selectPolicy: expected Max, Min or Disabled, found " + text);
    }
  }

  public ScalingRules {
    policies = List.copyOf(policies);
    if (stabilizationWindowSeconds < 0 || stabilizationWindowSeconds > 3600) {
      throw new IllegalArgumentException("stabilizationWindowSeconds must be in [0, 3600]");
    }
  }

  public int longestPeriod() {
    return policies.stream().mapToInt(ScalingPolicy::periodSeconds).max().orElse(0);
  }
}
