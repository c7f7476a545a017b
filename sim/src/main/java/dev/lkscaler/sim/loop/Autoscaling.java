package dev.lkscaler.sim.loop;

import dev.lkscaler.hpa.Behavior;
import dev.lkscaler.hpa.Fallback;
import dev.lkscaler.hpa.ScaledObjectSpec;
import dev.lkscaler.hpa.ScalingPolicy;
import dev.lkscaler.hpa.ScalingRules;
import dev.lkscaler.sim.fleet.Component;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The one place for the autoscaling settings the simulation runs with: the ScaledObjects of
 * deploy/examples (trigger, pollingInterval, cooldownPeriod, fallback, HPA behaviors), the HPA
 * controller's defaults and the CPU baseline of LiveKit's Helm chart; the bounds are those of
 * deploy/policy.yaml, from {@link SimPolicy}. All times are cluster seconds; the simulation applies
 * its time scale when it schedules them.
 */
public final class Autoscaling {
  /** kube-controller-manager's --horizontal-pod-autoscaler-sync-period. */
  public static final int HPA_SYNC_PERIOD = 15;

  /** The ScaledObjects' pollingInterval. */
  public static final int POLLING_INTERVAL = 15;

  /** The ScaledObjects' cooldownPeriod. */
  public static final int COOLDOWN_PERIOD = 300;

  /** LiveKit's Helm chart: targetCPUUtilizationPercentage. */
  public static final int CPU_TARGET_PERCENT = 60;

  /** KEDA's StreamIsActive reconnect back-off: 2 s, doubling to 60 s. */
  public static final int STREAM_BACKOFF_MIN = 2;

  public static final int STREAM_BACKOFF_MAX = 60;

  private static final ScalingRules SCALE_UP =
      new ScalingRules(
          0,
          ScalingRules.Select.MAX,
          List.of(ScalingPolicy.percent(100, 15), ScalingPolicy.pods(4, 15)),
          OptionalDouble.of(0));

  // livekit-server keeps the controller's 10 % tolerance: the SFU refuses no room
  private static final ScalingRules SCALE_UP_SFU =
      new ScalingRules(
          0,
          ScalingRules.Select.MAX,
          List.of(ScalingPolicy.percent(100, 15), ScalingPolicy.pods(4, 15)));

  private Autoscaling() {}

  /** The HPA behavior of the component's ScaledObject in deploy/examples (by its target). */
  public static Behavior behavior(Component component) {
    return switch (component) {
      case AGENTS, SIP -> new Behavior(SCALE_UP, scaleDown(120, 50));
      case EGRESS -> new Behavior(SCALE_UP, scaleDown(120, 50));
      case SFU -> new Behavior(SCALE_UP_SFU, scaleDown(240, 25));
    };
  }

  /** After {@code window} seconds of surplus, at most {@code percent} % of the pods per minute. */
  private static ScalingRules scaleDown(int window, int percent) {
    return new ScalingRules(
        window, ScalingRules.Select.MIN, List.of(ScalingPolicy.percent(percent, 60)));
  }

  /** The fallback of the component's ScaledObject in deploy/examples. */
  public static Fallback fallback(Component component) {
    int replicas =
        switch (component) {
          case AGENTS -> 4;
          case SIP, SFU -> 2;
          case EGRESS -> 3;
        };
    return new Fallback(3, replicas, Fallback.Mode.CURRENT_REPLICAS_IF_HIGHER);
  }

  /**
   * The trigger type of the component's ScaledObject in deploy/examples: the agents, which may sit
   * at 0, are woken by StreamIsActive at once rather than at the next poll.
   */
  public static String trigger(Component component) {
    return component == Component.AGENTS
        ? ScaledObjectSpec.Trigger.EXTERNAL_PUSH
        : ScaledObjectSpec.Trigger.EXTERNAL;
  }

  /** The component's ScaledObject with the given bounds. */
  public static ScaledObjectSpec scaledObject(
      Component component, int minReplicas, int maxReplicas) {
    return new ScaledObjectSpec(
        minReplicas,
        maxReplicas,
        OptionalInt.empty(),
        POLLING_INTERVAL,
        COOLDOWN_PERIOD,
        0,
        Optional.of(behavior(component)),
        new ScaledObjectSpec.Trigger(trigger(component), ScaledObjectSpec.Trigger.AVERAGE_VALUE),
        Optional.of(fallback(component)));
  }
}
