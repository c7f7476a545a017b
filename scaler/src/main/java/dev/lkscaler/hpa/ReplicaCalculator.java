package dev.lkscaler.hpa;

import java.util.List;
import java.util.OptionalInt;

/**
 * The HPA's replica count for one metric, as Kubernetes' replica calculator computes it
 * (pkg/controller/podautoscaler/replica_calculator.go), in milli-units like the Quantities it works
 * on. Pure.
 */
public final class ReplicaCalculator {
  private static final long MILLI_CPU_PER_POD = 1000;

  private ReplicaCalculator() {}

  /**
   * GetExternalPerPodMetricReplicas, an External metric with an AverageValue target: the ratio is
   * the sum over (target × status.replicas); inside the tolerance the count stays, otherwise it is
   * ceil(sum / target).
   */
  public static int externalAverageValue(
      double metricSum, double targetAverageValue, int statusReplicas, Tolerances tolerances) {
    long usage = Math.round(metricSum * 1000);
    long target = Math.round(targetAverageValue * 1000);
    double ratio = usage / ((double) target * statusReplicas);
    if (!tolerances.isWithin(ratio)) {
      return (int) Math.ceil(usage / (double) target);
    }
    return statusReplicas;
  }

  /**
   * GetResourceReplicas, CPU with an average utilization target, over pods that all request one
   * CPU. Ready pods report their usage. Unready (starting) pods count as 0 % on a scale-up and are
   * left out otherwise. Pods missing a metric count as max(100 %, target) of their request on a
   * scale-down and as 0 % on a scale-up. Deleted (draining) pods are not passed at all. If the pods
   * set aside turn the direction around, or bring the ratio within the tolerance, the count stays.
   * Empty when no ready pod has a metric, which fails the HPA's sync.
   *
   * @param readyPodCpu the ready pods' CPU usage over request (1.0 = 100 %)
   * @param missingPods running pods without a metric
   * @param current the target's spec.replicas
   */
  public static OptionalInt cpuUtilization(
      List<Double> readyPodCpu,
      int unreadyPods,
      int missingPods,
      int current,
      int targetPercent,
      Tolerances tolerances) {
    if (readyPodCpu.isEmpty()) {
      return OptionalInt.empty();
    }
    long usage = 0;
    for (double cpu : readyPodCpu) {
      usage += Math.round(cpu * 1000);
    }
    long requests = MILLI_CPU_PER_POD * readyPodCpu.size();
    double ratio = utilization(usage, requests) / (double) targetPercent;
    boolean scaleUpWithUnready = unreadyPods > 0 && ratio > 1.0;
    if (!scaleUpWithUnready && missingPods == 0) {
      if (tolerances.isWithin(ratio)) {
        return OptionalInt.of(current);
      }
      return OptionalInt.of((int) Math.ceil(ratio * readyPodCpu.size()));
    }
    int counted = readyPodCpu.size();
    if (missingPods > 0 && ratio < 1.0) {
      usage += missingPods * MILLI_CPU_PER_POD * Math.max(100, targetPercent) / 100;
      requests += missingPods * MILLI_CPU_PER_POD;
      counted += missingPods;
    } else if (missingPods > 0 && ratio > 1.0) {
      requests += missingPods * MILLI_CPU_PER_POD;
      counted += missingPods;
    }
    if (scaleUpWithUnready) {
      requests += unreadyPods * MILLI_CPU_PER_POD;
      counted += unreadyPods;
    }
    double newRatio = utilization(usage, requests) / (double) targetPercent;
    if (tolerances.isWithin(newRatio)
        || (ratio < 1.0 && newRatio > 1.0)
        || (ratio > 1.0 && newRatio < 1.0)) {
      return OptionalInt.of(current);
    }
    int replicas = (int) Math.ceil(newRatio * counted);
    if ((newRatio < 1.0 && replicas > current) || (newRatio > 1.0 && replicas < current)) {
      // fewer pods than spec.replicas would turn the direction around
      return OptionalInt.of(current);
    }
    return OptionalInt.of(replicas);
  }

  /** Percent, truncated as the HPA does with integers (metrics/utilization.go). */
  private static long utilization(long usage, long requests) {
    return usage * 100 / requests;
  }
}
