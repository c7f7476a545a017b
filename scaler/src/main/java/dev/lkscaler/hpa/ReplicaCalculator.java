package dev.lkscaler.hpa;

import java.util.List;
import java.util.OptionalInt;

/**
 * The HPA's replica count for one metric, as Kubernetes' replica calculator computes it, in
 * milli-units like the Quantities it works on. Pure.
 */
public final class ReplicaCalculator {
  private ReplicaCalculator() {}

  /**
   * An External metric with an AverageValue target: the ratio is the sum over (target x
   * status.replicas); inside the tolerance the count stays, otherwise it is ceil(sum / target).
   */
  public static int externalAverageValue(
      double metricSum, double targetAverageValue, int statusReplicas, double tolerance) {
    long usage = Math.round(metricSum * 1000);
    long target = Math.round(targetAverageValue * 1000);
    double ratio = usage / ((double) target * statusReplicas);
    if (Math.abs(1.0 - ratio) > tolerance) {
      return (int) Math.ceil(usage / (double) target);
    }
    return statusReplicas;
  }

  /**
   * A Resource metric (CPU) with an average utilization target, over pods that all request one CPU.
   * Ready pods report their usage; unready (starting) pods count as 0 on a scale-up and are left
   * out otherwise; deleted (draining) pods are not passed at all. Empty when no ready pod has a
   * metric, which fails the HPA's sync.
   *
   * @param readyPodCpu the ready pods' CPU usage over request (1.0 = 100 %)
   * @param current the target's spec.replicas
   */
  public static OptionalInt cpuUtilization(
      List<Double> readyPodCpu, int unreadyPods, int current, int targetPercent, double tolerance) {
    if (readyPodCpu.isEmpty()) {
      return OptionalInt.empty();
    }
    long usage = 0;
    for (double cpu : readyPodCpu) {
      usage += Math.round(cpu * 1000);
    }
    long requests = 1000L * readyPodCpu.size();
    double ratio = utilization(usage, requests) / (double) targetPercent;
    boolean scaleUpWithUnready = unreadyPods > 0 && ratio > 1.0;
    if (!scaleUpWithUnready) {
      if (Math.abs(1.0 - ratio) <= tolerance) {
        return OptionalInt.of(current);
      }
      return OptionalInt.of((int) Math.ceil(ratio * readyPodCpu.size()));
    }
    // a scale-up with pods still starting: count them at 0 % and look again
    double newRatio = utilization(usage, requests + 1000L * unreadyPods) / (double) targetPercent;
    if (Math.abs(1.0 - newRatio) <= tolerance || newRatio < 1.0) {
      return OptionalInt.of(current);
    }
    int replicas = (int) Math.ceil(newRatio * (readyPodCpu.size() + unreadyPods));
    return OptionalInt.of(Math.max(replicas, current));
  }

  /** Percent, truncated as the HPA does with integers. */
  private static long utilization(long usage, long requests) {
    return usage * 100 / requests;
  }
}
