package dev.lkscaler.hpa;

/**
 * One HPA scaling policy: at most {@code value} pods or percent of pods per {@code periodSeconds}.
 */
public record ScalingPolicy(Type type, int value, int periodSeconds) {
  public enum Type implements Wire {
    PODS("Pods"),
    PERCENT("Percent");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    /** The name in an HPA or ScaledObject manifest. */
    @Override
    public String wire() {
      return wire;
    }

    public static Type fromWire(String text) {
      return Wire.parse(Type.class, text, "policy type: expected Pods or Percent. Found: ");
    }
  }

  public ScalingPolicy {
    if (value <= 0 || periodSeconds <= 0 || periodSeconds > 1800) {
      throw new IllegalArgumentException("a policy needs value > 0 and periodSeconds in (0, 1800]");
    }
  }

  public static ScalingPolicy pods(int value, int periodSeconds) {
    return new ScalingPolicy(Type.PODS, value, periodSeconds);
  }

  public static ScalingPolicy percent(int value, int periodSeconds) {
    return new ScalingPolicy(Type.PERCENT, value, periodSeconds);
  }
}
