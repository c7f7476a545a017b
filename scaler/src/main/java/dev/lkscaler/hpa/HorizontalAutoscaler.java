package dev.lkscaler.hpa;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One HorizontalPodAutoscaler's reconcile step, as Kubernetes' horizontal controller does it with a
 * behavior: bounds, the stabilization window over past recommendations, then the rate limits of the
 * policies over the recent scale events. Pure: time is passed in (seconds), nothing is read.
 */
public final class HorizontalAutoscaler {
  private record Recommendation(double at, int replicas) {}

  private record ScaleEvent(double at, int change) {}

  /** What one sync decided: the replicas to run and whether that is a change. */
  public record Result(int replicas, boolean rescaled, String reason) {}

  private final Behavior behavior;
  private final int minReplicas;
  private final int maxReplicas;
  private final List<Recommendation> recommendations = new ArrayList<>();
  private final List<ScaleEvent> scaleUps = new ArrayList<>();
  private final List<ScaleEvent> scaleDowns = new ArrayList<>();

  public HorizontalAutoscaler(Behavior behavior, int minReplicas, int maxReplicas) {
    if (minReplicas < 0 || maxReplicas < Math.max(1, minReplicas)) {
      throw new IllegalArgumentException(
          "need 0 <= minReplicas <= maxReplicas and maxReplicas >= 1");
    }
    this.behavior = behavior;
    this.minReplicas = minReplicas;
    this.maxReplicas = maxReplicas;
  }

  /**
   * One reconcile at time {@code now}.
   *
   * @param current the target's spec.replicas
   * @param metricProposal the replicas the metrics ask for, or empty when fetching a metric failed
   */
  public Result sync(double now, int current, OptionalInt metricProposal) {
    if (recommendations.isEmpty()) {
      // the controller's first look counts as a recommendation: no scale-down right after a start
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
      int stabilized = stabilize(now, current, proposal);
      desired = limitRate(now, current, stabilized);
      reason =
          "metric proposes "
              + proposal
              + (stabilized != proposal ? ", stabilized to " + stabilized : "")
              + (desired != stabilized ? ", rate-limited to " + desired : "");
    }
    if (desired == current) {
      return new Result(current, false, reason);
    }
    store(now, current, desired);
    return new Result(desired, true, reason);
  }

  /**
   * The proposal held between the lowest recent one (scale-up window) and the highest (scale-down
   * window).
   */
  private int stabilize(double now, int current, int proposal) {
    double upCutoff = now - behavior.scaleUp().stabilizationWindowSeconds();
    double downCutoff = now - behavior.scaleDown().stabilizationWindowSeconds();
    int up = proposal;
    int down = proposal;
    for (Recommendation rec : recommendations) {
      if (rec.at() > upCutoff) {
        up = Math.min(up, rec.replicas());
      }
      if (rec.at() > downCutoff) {
        down = Math.max(down, rec.replicas());
      }
    }
    int result = current;
    if (result < up) {
      result = up;
    }
    if (result > down) {
      result = down;
    }
    double oldest = Math.min(upCutoff, downCutoff);
    recommendations.removeIf(rec -> rec.at() < oldest);
    recommendations.add(new Recommendation(now, proposal));
    return result;
  }

  private int limitRate(double now, int current, int desired) {
    if (desired > current) {
      int limit = Math.max(current, scaleUpLimit(now, current));
      return Math.min(desired, Math.min(maxReplicas, limit));
    }
    if (desired < current) {
      int limit = Math.min(current, scaleDownLimit(now, current));
      return Math.max(desired, Math.max(minReplicas, limit));
    }
    return desired;
  }

  private int scaleUpLimit(double now, int current) {
    ScalingRules rules = behavior.scaleUp();
    if (rules.selectPolicy() == ScalingRules.Select.DISABLED) {
      return current;
    }
    boolean min = rules.selectPolicy() == ScalingRules.Select.MIN;
    long result = min ? Long.MAX_VALUE : Long.MIN_VALUE;
    for (ScalingPolicy policy : rules.policies()) {
      long start = current - changes(scaleUps, now, policy) + changes(scaleDowns, now, policy);
      long proposed =
          policy.type() == ScalingPolicy.Type.PODS
              ? start + policy.value()
              : (long) Math.ceil(start * (1 + policy.value() / 100.0));
      result = min ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, result));
  }

  private int scaleDownLimit(double now, int current) {
    ScalingRules rules = behavior.scaleDown();
    if (rules.selectPolicy() == ScalingRules.Select.DISABLED) {
      return current;
    }
    // for scaling down the smallest change is the highest count
    boolean min = rules.selectPolicy() == ScalingRules.Select.MIN;
    long result = min ? Long.MIN_VALUE : Long.MAX_VALUE;
    for (ScalingPolicy policy : rules.policies()) {
      long start = current - changes(scaleUps, now, policy) + changes(scaleDowns, now, policy);
      long proposed =
          policy.type() == ScalingPolicy.Type.PODS
              ? start - policy.value()
              : (long) (start * (1 - policy.value() / 100.0));
      result = min ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, result));
  }

  /** Replicas added (or removed) by the events within the policy's period before now. */
  private static long changes(List<ScaleEvent> events, double now, ScalingPolicy policy) {
    double cutoff = now - policy.periodSeconds();
    return events.stream().filter(e -> e.at() > cutoff).mapToLong(ScaleEvent::change).sum();
  }

  /**
   * Records a rescale as Kubernetes does: events older than the direction's longest policy period
   * are outdated, and a new event takes the place of one of them. Outdated events still count while
   * inside a period, as they do in Kubernetes.
   */
  private void store(double now, int previous, int next) {
    boolean up = next > previous;
    List<ScaleEvent> events = up ? scaleUps : scaleDowns;
    double cutoff = now - (up ? behavior.scaleUp() : behavior.scaleDown()).longestPeriod();
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
