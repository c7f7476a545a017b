package dev.lkscaler.hpa;

/**
 * A ScaledObject's spec.fallback: after {@code failureThreshold} failed calls in a row, KEDA serves
 * the replicas that {@code mode} picks instead of the error.
 *
 * @param mode spec.fallback.behavior
 */
public record Fallback(int failureThreshold, int replicas, Mode mode) {
  /** spec.fallback.behavior; scalingModifiers is not modelled. */
  public enum Mode implements Wire {
    STATIC("static"),
    CURRENT_REPLICAS("currentReplicas"),
    CURRENT_REPLICAS_IF_HIGHER("currentReplicasIfHigher"),
    CURRENT_REPLICAS_IF_LOWER("currentReplicasIfLower");

    private final String wire;

    Mode(String wire) {
      this.wire = wire;
    }

    @Override
    public String wire() {
      return wire;
    }

    public static Mode fromWire(String text) {
      return Wire.parse(
          Mode.class,
          text,
          "fallback.behavior: expected static, currentReplicas, currentReplicasIfHigher or"
              + " currentReplicasIfLower. Found: ");
    }
  }

  public Fallback {
    if (failureThreshold < 0 || replicas < 0) {
      throw new IllegalArgumentException(
          "fallback: expected failureThreshold and replicas >= 0. Found: "
              + failureThreshold
              + " and "
              + replicas);
    }
  }

  /** The replicas served at {@code currentReplicas} (the target's spec.replicas). */
  public int replicasAt(int currentReplicas) {
    return switch (mode) {
      case STATIC -> replicas;
      case CURRENT_REPLICAS -> currentReplicas;
      case CURRENT_REPLICAS_IF_HIGHER -> Math.max(currentReplicas, replicas);
      case CURRENT_REPLICAS_IF_LOWER -> Math.min(currentReplicas, replicas);
    };
  }
}
