package dev.lkscaler.policy;

import java.util.Map;

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
      PolicyKeys.SCALE_UP_AT.require(
          scaleUpAt, Map.of(PolicyKeys.OUT_OF_SERVICE_AT, outOfServiceAt));
      PolicyKeys.MIN_AVAILABLE.require(minAvailable);
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
      PolicyKeys.CAPACITY_PER_REPLICA.require(capacityPerReplica);
      PolicyKeys.TARGET_UTILIZATION.require(targetUtilization);
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

    /** A series below this value is a busy pod. */
    public static final double IDLE_AT_LEAST = 0.5;

    public Headroom {
      PolicyKeys.MIN_IDLE.require(minIdle);
    }

    @Override
    public String type() {
      return TYPE;
    }
  }
}
