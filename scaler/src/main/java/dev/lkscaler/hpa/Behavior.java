package dev.lkscaler.hpa;

import java.util.List;

/** An HPA's behavior: the rules for scaling up and for scaling down. */
public record Behavior(ScalingRules scaleUp, ScalingRules scaleDown) {
  /**
   * The rules the API server fills in for a direction a behavior leaves out
   * (pkg/apis/autoscaling/v2/defaults.go): scale up at once by max(4 pods, 100 %) per 15 s; scale
   * down after the controller's 300 s window by up to 100 % per 15 s. An HPA without any behavior
   * takes another path (see {@link HorizontalAutoscaler}).
   */
  public static Behavior kubernetesDefault() {
    return new Behavior(
        new ScalingRules(
            0,
            ScalingRules.Select.MAX,
            List.of(ScalingPolicy.pods(4, 15), ScalingPolicy.percent(100, 15))),
        new ScalingRules(
            HorizontalAutoscaler.DOWNSCALE_STABILIZATION_SECONDS,
            ScalingRules.Select.MAX,
            List.of(ScalingPolicy.percent(100, 15))));
  }

  /** Each direction's own tolerance, else the controller's (horizontal.go, tolerancesForHpa). */
  public Tolerances tolerances(double clusterTolerance) {
    return new Tolerances(
        scaleDown.tolerance().orElse(clusterTolerance),
        scaleUp.tolerance().orElse(clusterTolerance));
  }
}
