package dev.lkscaler.policy;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One input of a policy; each gives a desired replica count. */
public sealed interface Signal permits Signal.Utilization, Signal.Capacity, Signal.Headroom {
  String name();

  QueryTemplate query();

  OnEmpty onEmpty();

  /** The trend to project the load over the scaling lag, when the signal looks ahead. */
  Optional<Lookahead> lookahead();

  /** The most series any of the signal's queries may return: more is a broken query. */
  int maxSeries();

  /** The word used for this type in the policy file. */
  String type();

  /**
   * One series per pod with load 0..1: scale on the sum, and keep pods beside the full ones.
   *
   * @param demand when set, the load is scaled by the work wanted over the work served
   */
  record Utilization(
      String name,
      QueryTemplate query,
      OnEmpty onEmpty,
      double scaleUpAt,
      double outOfServiceAt,
      int minAvailable,
      Optional<Demand> demand,
      Optional<Lookahead> lookahead,
      int maxSeries)
      implements Signal {
    public static final String TYPE = "utilization";

    public Utilization {
      PolicyKeys.SCALE_UP_AT.require(
          scaleUpAt, Map.of(PolicyKeys.OUT_OF_SERVICE_AT, outOfServiceAt));
      PolicyKeys.MIN_AVAILABLE.require(minAvailable);
      Objects.requireNonNull(demand, "demand");
      Objects.requireNonNull(lookahead, "lookahead");
      PolicyKeys.MAX_SERIES.require(maxSeries);
    }

    /** With the default maxSeries. */
    public Utilization(
        String name,
        QueryTemplate query,
        OnEmpty onEmpty,
        double scaleUpAt,
        double outOfServiceAt,
        int minAvailable,
        Optional<Demand> demand,
        Optional<Lookahead> lookahead) {
      this(
          name,
          query,
          onEmpty,
          scaleUpAt,
          outOfServiceAt,
          minAvailable,
          demand,
          lookahead,
          PolicyKeys.MAX_SERIES.defaultValue());
    }

    /** Without demand or lookahead. */
    public Utilization(
        String name,
        QueryTemplate query,
        OnEmpty onEmpty,
        double scaleUpAt,
        double outOfServiceAt,
        int minAvailable) {
      this(
          name,
          query,
          onEmpty,
          scaleUpAt,
          outOfServiceAt,
          minAvailable,
          Optional.empty(),
          Optional.empty());
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
      double targetUtilization,
      Optional<Lookahead> lookahead,
      int maxSeries)
      implements Signal {
    public static final String TYPE = "capacity";

    public Capacity {
      PolicyKeys.CAPACITY_PER_REPLICA.require(capacityPerReplica);
      PolicyKeys.TARGET_UTILIZATION.require(targetUtilization);
      Objects.requireNonNull(lookahead, "lookahead");
      PolicyKeys.MAX_SERIES.require(maxSeries);
    }

    /** With the default maxSeries. */
    public Capacity(
        String name,
        QueryTemplate query,
        OnEmpty onEmpty,
        double capacityPerReplica,
        double targetUtilization,
        Optional<Lookahead> lookahead) {
      this(
          name,
          query,
          onEmpty,
          capacityPerReplica,
          targetUtilization,
          lookahead,
          PolicyKeys.MAX_SERIES.defaultValue());
    }

    /** Without lookahead. */
    public Capacity(
        String name,
        QueryTemplate query,
        OnEmpty onEmpty,
        double capacityPerReplica,
        double targetUtilization) {
      this(name, query, onEmpty, capacityPerReplica, targetUtilization, Optional.empty());
    }

    @Override
    public String type() {
      return TYPE;
    }
  }

  /**
   * One series per pod, 1 = idle: keep {@code minIdle} idle pods beside the busy ones.
   *
   * @param starts when set, idle pods for the work that starts within the scaling lag, when that is
   *     more than minIdle; not beside lookahead, which projects the busy pods too
   */
  record Headroom(
      String name,
      QueryTemplate query,
      OnEmpty onEmpty,
      int minIdle,
      Optional<Starts> starts,
      Optional<Lookahead> lookahead,
      int maxSeries)
      implements Signal {
    public static final String TYPE = "headroom";

    /** A series below this value is a busy pod. */
    public static final double IDLE_AT_LEAST = 0.5;

    public Headroom {
      PolicyKeys.MIN_IDLE.require(minIdle);
      Objects.requireNonNull(starts, "starts");
      Objects.requireNonNull(lookahead, "lookahead");
      if (starts.isPresent() && lookahead.isPresent()) {
        throw new IllegalArgumentException(name + ": starts and lookahead both project busy pods");
      }
      PolicyKeys.MAX_SERIES.require(maxSeries);
    }

    /** With the default maxSeries. */
    public Headroom(
        String name,
        QueryTemplate query,
        OnEmpty onEmpty,
        int minIdle,
        Optional<Starts> starts,
        Optional<Lookahead> lookahead) {
      this(name, query, onEmpty, minIdle, starts, lookahead, PolicyKeys.MAX_SERIES.defaultValue());
    }

    /** Without starts. */
    public Headroom(
        String name, QueryTemplate query, OnEmpty onEmpty, int minIdle, Optional<Lookahead> la) {
      this(name, query, onEmpty, minIdle, Optional.empty(), la);
    }

    /** Without starts or lookahead. */
    public Headroom(String name, QueryTemplate query, OnEmpty onEmpty, int minIdle) {
      this(name, query, onEmpty, minIdle, Optional.empty(), Optional.empty());
    }

    @Override
    public String type() {
      return TYPE;
    }
  }
}
