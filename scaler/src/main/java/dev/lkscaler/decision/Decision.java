package dev.lkscaler.decision;

import java.util.List;

/**
 * A desired replica count with its one-line reason.
 *
 * @param desiredReplicas clamped to the policy's [minReplicas, maxReplicas]
 * @param unclampedDesired the maximum over the signals before clamping
 * @param active whether KEDA should wake the workload from zero
 */
public record Decision(
    String policy,
    int desiredReplicas,
    long unclampedDesired,
    boolean active,
    String reason,
    List<SignalOutcome.Measured> signals) {
  public Decision {
    signals = List.copyOf(signals);
  }

  /** The HPA's metric name for a policy: stable across reloads, derived from the name only. */
  public static String metricName(String policy) {
    return "lkscaler-" + policy;
  }

  public String metricName() {
    return metricName(policy);
  }

  /** Same count and activity: a change worth logging is one where this is false. */
  public boolean sameOutcome(Decision other) {
    return other != null && desiredReplicas == other.desiredReplicas && active == other.active;
  }
}
