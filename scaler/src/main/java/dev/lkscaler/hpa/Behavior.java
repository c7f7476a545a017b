package dev.lkscaler.hpa;

import java.util.List;

/** An HPA's behavior: the rules for scaling up and for scaling down. */
public record Behavior(ScalingRules scaleUp, ScalingRules scaleDown) {
  /**
   * What Kubernetes applies when a HorizontalPodAutoscaler sets no behavior: scale up at once by
   * max(100 %, 4 pods) per 15 s; scale down after a 300 s stabilization window by up to 100 % per
   * 15 s.
   */
  public static Behavior kubernetesDefault() {
    return new Behavior(
        new ScalingRules(
            0,
            ScalingRules.Select.MAX,
            List.of(ScalingPolicy.pods(4, 15), ScalingPolicy.percent(100, 15))),
        new ScalingRules(300, ScalingRules.Select.MAX, List.of(ScalingPolicy.percent(100, 15))));
  }
}
