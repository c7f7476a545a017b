package dev.lkscaler.scaling;

import dev.lkscaler.metrics.ScalerMetrics;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.policy.Signal;
import java.util.Map;
import java.util.Optional;

/** Shows the policies in force on /metrics, so dashboards can draw thresholds beside loads. */
public final class PolicyGauges {
  private PolicyGauges() {}

  /** Exports the parameters of the policies in force, and forgets those of the previous set. */
  public static void show(ScalerMetrics metrics, Optional<PolicySet> previous, PolicySet current) {
    previous.ifPresent(
        old -> {
          for (Policy policy : old.policies().values()) {
            metrics.forgetPolicyBounds(policy.name());
            for (Signal signal : policy.signals()) {
              thresholds(signal)
                  .keySet()
                  .forEach(
                      name -> metrics.forgetPolicyThreshold(policy.name(), signal.name(), name));
            }
          }
        });
    for (Policy policy : current.policies().values()) {
      metrics.policyBounds(policy.name(), policy.minReplicas(), policy.maxReplicas());
      for (Signal signal : policy.signals()) {
        thresholds(signal)
            .forEach(
                (name, value) ->
                    metrics.policyThreshold(policy.name(), signal.name(), name, value));
      }
    }
  }

  private static Map<String, Double> thresholds(Signal signal) {
    if (signal instanceof Signal.Utilization u) {
      return Map.of(
          "scaleUpAt",
          u.scaleUpAt(),
          "outOfServiceAt",
          u.outOfServiceAt(),
          "minAvailable",
          (double) u.minAvailable());
    }
    if (signal instanceof Signal.Capacity c) {
      return Map.of(
          "capacityPerReplica", c.capacityPerReplica(), "targetUtilization", c.targetUtilization());
    }
    return Map.of("minIdle", (double) ((Signal.Headroom) signal).minIdle());
  }
}
