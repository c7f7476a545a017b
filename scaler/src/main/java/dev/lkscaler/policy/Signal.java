package dev.lkscaler.policy;

/** One input of a policy; each gives a desired replica count. */
public sealed interface Signal permits Signal.Utilization, Signal.Capacity, Signal.Headroom {
  String name();

  QueryTemplate query();

  OnEmpty onEmpty();

  /** The word used for this type in the policy file. */
  String type();

  /** One series per pod with load 0..1: scale on the sum, and keep pods beside the full ones. */
  record Utilization(
      String name,
      QueryTemplate query,
      OnEmpty onEmpty,
      double scaleUpAt,
      double outOfServiceAt,
      int minAvailable)
      implements Signal {
    public static final String TYPE = "utilization";

    public Utilization {
      if (!(scaleUpAt > 0 && scaleUpAt < outOfServiceAt)) {
        throw new IllegalArgumentException("need 0 < scaleUpAt < outOfServiceAt");
      }
      if (minAvailable < 0) {
        throw new IllegalArgumentException("minAvailable < 0");
      }
    }

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** A total load (a scalar or summed series) against what one replica can carry. */
  record Capacity(
      String name,
      QueryTemplate query,
      OnEmpty onEmpty,
      double capacityPerReplica,
      double targetUtilization)
      implements Signal {
    public static final String TYPE = "capacity";

    public Capacity {
      if (!(capacityPerReplica > 0) || Double.isInfinite(capacityPerReplica)) {
        throw new IllegalArgumentException("capacityPerReplica must be > 0");
      }
      if (!(targetUtilization > 0 && targetUtilization <= 1)) {
        throw new IllegalArgumentException("targetUtilization must be in (0, 1]");
      }
    }

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** One series per pod, 1 = idle: keep {@code minIdle} idle pods beside the busy ones. */
  record Headroom(String name, QueryTemplate query, OnEmpty onEmpty, int minIdle)
      implements Signal {
    public static final String TYPE = "headroom";

    public Headroom {
      if (minIdle < 0) {
        throw new IllegalArgumentException("minIdle < 0");
      }
    }

    @Override
    public String type() {
      return TYPE;
    }
  }
}
