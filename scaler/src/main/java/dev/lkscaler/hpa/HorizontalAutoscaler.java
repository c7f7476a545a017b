package dev.lkscaler.hpa;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One HorizontalPodAutoscaler's reconcile step, as Kubernetes' horizontal controller does it
 * (pkg/controller/podautoscaler/horizontal.go, reconcileAutoscaler): the bounds first, then
 *
 * <ul>
 *   <li>with a behavior ({@code normalizeDesiredReplicasWithBehaviors}): the stabilization windows
 *       over past recommendations, then the policies' rate limits over the recent scale events;
 *   <li>without one ({@code normalizeDesiredReplicas}): the highest recommendation of the last 300
 *       s (--horizontal-pod-autoscaler-downscale-stabilization), then at most max(2 × current, 4),
 *       with no scale events kept.
 * </ul>
 *
 * Pure: time is passed in (seconds), nothing is read.
 */
public final class HorizontalAutoscaler {
  /** --horizontal-pod-autoscaler-downscale-stabilization, by default. */
  public static final int DOWNSCALE_STABILIZATION_SECONDS = 300;

  private static final double SCALE_UP_LIMIT_FACTOR = 2.0;
  private static final double SCALE_UP_LIMIT_MINIMUM = 4.0;

  private record Recommendation(double at, int replicas) {}

  private record ScaleEvent(double at, int change) {}

  /** What one sync decided: the replicas to run and whether that is a change. */
  public record Result(int replicas, boolean rescaled, String reason) {}

  private final Optional<Behavior> behavior;
  private final int minReplicas;
  private final int maxReplicas;
  private final List<Recommendation> recommendations = new ArrayList<>();
  private final List<ScaleEvent> scaleUps = new ArrayList<>();
  private final List<ScaleEvent> scaleDowns = new ArrayList<>();

  /**
   * @param behavior the HPA's spec.behavior; empty for an HPA that sets none (LiveKit's chart),
   *     which Kubernetes treats differently from one with default rules
   */
  public HorizontalAutoscaler(Optional<Behavior> behavior, int minReplicas, int maxReplicas) {
    if (minReplicas < 0 || maxReplicas < Math.max(1, minReplicas)) {
      throw new IllegalArgumentException(
          "replicas: expected 0 <= minReplicas <= maxReplicas and maxReplicas >= 1. Found: "
              + minReplicas
              + " and "
              + maxReplicas);
    }
    this.behavior = behavior;
    this.minReplicas = minReplicas;
    this.maxReplicas = maxReplicas;
  }

  public HorizontalAutoscaler(Behavior behavior, int minReplicas, int maxReplicas) {
    this(Optional.of(behavior), minReplicas, maxReplicas);
  }

  /**
   * The tolerances the replica calculator applies for this HPA (horizontal.go, tolerancesForHpa).
   */
  public Tolerances tolerances() {
    return behavior
        .map(b -> b.tolerances(Tolerances.CLUSTER_DEFAULT))
        .orElse(Tolerances.of(Tolerances.CLUSTER_DEFAULT));
  }

  /**
   * One reconcile at time {@code now}.
   *
   * @param current the target's spec.replicas
   * @param metricProposal the replicas the metrics ask for, or empty when fetching a metric failed
   */
  public Result sync(double now, int current, OptionalInt metricProposal) {
    if (recommendations.isEmpty()) {
      // recordInitialRecommendation: no scale-down right after the controller starts
      recommendations.add(new Recommendation(now, current));
    }
    int desired;
    String reason;
    if (current == 0 && minReplicas != 0) {
      return new Result(
          0, false, "scaling is disabled since the replica count of the target is zero");
    } else if (current > maxReplicas) {
      desired = maxReplicas;
      reason = "current replicas above maxReplicas";
    } else if (current < minReplicas) {
      desired = minReplicas;
      reason = "current replicas below minReplicas";
    } else if (metricProposal.isEmpty()) {
      return new Result(current, false, "failed to get the metric: holding " + current);
    } else {
      int proposal = metricProposal.getAsInt();
      int stabilized;
      if (behavior.isPresent()) {
        stabilized = stabilize(now, current, proposal, behavior.get());
        desired = limitRate(now, current, stabilized, behavior.get());
      } else {
        stabilized = highestRecent(now, proposal);
        desired = withinRules(current, stabilized);
      }
      reason =
          "metric proposes "
              + proposal
              + (stabilized != proposal ? ", stabilized to " + stabilized : "")
              + (desired != stabilized ? ", limited to " + desired : "");
    }
    if (desired == current) {
      return new Result(current, false, reason);
    }
    behavior.ifPresent(b -> store(now, current, desired, b));
    return new Result(desired, true, reason);
  }

  /**
   * stabilizeRecommendation: the highest recommendation not older than the window (its edge
   * included); the new one takes the place of an old one.
   */
  private int highestRecent(double now, int proposal) {
    double cutoff = now - DOWNSCALE_STABILIZATION_SECONDS;
    int highest = proposal;
    int old = -1;
    for (int i = 0; i < recommendations.size(); i++) {
      Recommendation rec = recommendations.get(i);
      if (rec.at() < cutoff) {
        old = i;
      } else if (rec.replicas() > highest) {
        highest = rec.replicas();
      }
    }
    record(old, new Recommendation(now, proposal));
    return highest;
  }

  /** convertDesiredReplicasWithRules: the bounds, and at most max(2 × current, 4). */
  private int withinRules(int current, int desired) {
    int scaleUpLimit = (int) Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
    int maximum = Math.min(maxReplicas, scaleUpLimit);
    if (desired < minReplicas) {
      return minReplicas;
    }
    return Math.min(desired, maximum);
  }

  /**
   * stabilizeRecommendationWithBehaviors: the proposal held between the lowest recent one (scale-up
   * window) and the highest (scale-down window), windows without their edge; the new one takes the
   * place of one older than both windows.
   */
  private int stabilize(double now, int current, int proposal, Behavior rules) {
    double upCutoff = now - rules.scaleUp().stabilizationWindowSeconds();
    double downCutoff = now - rules.scaleDown().stabilizationWindowSeconds();
    int up = proposal;
    int down = proposal;
    int old = -1;
    for (int i = 0; i < recommendations.size(); i++) {
      Recommendation rec = recommendations.get(i);
      if (rec.at() > upCutoff) {
        up = Math.min(up, rec.replicas());
      }
      if (rec.at() > downCutoff) {
        down = Math.max(down, rec.replicas());
      }
      if (rec.at() < upCutoff && rec.at() < downCutoff) {
        old = i;
      }
    }
    int result = current;
    if (result < up) {
      result = up;
    }
    if (result > down) {
      result = down;
    }
    record(old, new Recommendation(now, proposal));
    return result;
  }

  private void record(int old, Recommendation recommendation) {
    if (old >= 0) {
      recommendations.set(old, recommendation);
    } else {
      recommendations.add(recommendation);
    }
  }

  /** convertDesiredReplicasWithBehaviorRate. */
  private int limitRate(double now, int current, int desired, Behavior rules) {
    if (desired > current) {
      int limit = Math.max(current, scaleUpLimit(now, current, rules.scaleUp()));
      return Math.min(desired, Math.min(maxReplicas, limit));
    }
    if (desired < current) {
      int limit = Math.min(current, scaleDownLimit(now, current, rules.scaleDown()));
      return Math.max(desired, Math.max(minReplicas, limit));
    }
    return desired;
  }

  /** calculateScaleUpLimitWithScalingRules. */
  private int scaleUpLimit(double now, int current, ScalingRules rules) {
    if (rules.selectPolicy() == ScalingRules.Select.DISABLED) {
      return current;
    }
    boolean min = rules.selectPolicy() == ScalingRules.Select.MIN;
    long result = min ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    for (ScalingPolicy policy : rules.policies()) {
      long start = current - changes(scaleUps, now, policy) + changes(scaleDowns, now, policy);
      // rounded up, or a small percentage would never add a pod
      long proposed =
          policy.type() == ScalingPolicy.Type.PODS
              ? start + policy.value()
              : (long) Math.ceil(start * (1 + policy.value() / 100.0));
      result = min ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return clamp(result);
  }

  /** calculateScaleDownLimitWithBehaviors: the smallest change is the highest count. */
  private int scaleDownLimit(double now, int current, ScalingRules rules) {
    if (rules.selectPolicy() == ScalingRules.Select.DISABLED) {
      return current;
    }
    boolean min = rules.selectPolicy() == ScalingRules.Select.MIN;
    long result = min ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    for (ScalingPolicy policy : rules.policies()) {
      long start = current - changes(scaleUps, now, policy) + changes(scaleDowns, now, policy);
      // the count that stays is truncated
      long proposed =
          policy.type() == ScalingPolicy.Type.PODS
              ? start - policy.value()
              : (long) (start * (1 - policy.value() / 100.0));
      result = min ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return clamp(result);
  }

  private static int clamp(long value) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }

  /** getReplicasChangePerPeriod: the events after the start of the policy's period. */
  private static long changes(List<ScaleEvent> events, double now, ScalingPolicy policy) {
    double cutoff = now - policy.periodSeconds();
    return events.stream().filter(e -> e.at() > cutoff).mapToLong(ScaleEvent::change).sum();
  }

  /**
   * storeScaleEvent: events older than the direction's longest policy period are outdated, and a
   * new event takes the place of the last of them. Only HPAs with a behavior keep events.
   */
  private void store(double now, int previous, int next, Behavior rules) {
    boolean up = next > previous;
    List<ScaleEvent> events = up ? scaleUps : scaleDowns;
    double cutoff = now - (up ? rules.scaleUp() : rules.scaleDown()).longestPeriod();
    ScaleEvent event = new ScaleEvent(now, Math.abs(next - previous));
    int outdated = -1;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).at() < cutoff) {
        outdated = i;
      }
    }
    if (outdated >= 0) {
      events.set(outdated, event);
    } else {
      events.add(event);
    }
  }
}
