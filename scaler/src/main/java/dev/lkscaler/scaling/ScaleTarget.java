package dev.lkscaler.scaling;

import dev.lkscaler.policy.Policy;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One ScaledObject's view of a policy: its key and its queries with every variable substituted.
 *
 * @param signalQueries expanded PromQL by signal name, in the policy's order
 */
public record ScaleTarget(
    Policy policy,
    String namespace,
    String name,
    Map<String, String> signalQueries,
    Optional<String> activationQuery) {
  public ScaleTarget {
    Objects.requireNonNull(policy, "policy");
    signalQueries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(signalQueries));
    Objects.requireNonNull(activationQuery, "activationQuery");
  }

  /** The key under which the last good decision is kept. */
  public DecisionKey key() {
    return new DecisionKey(policy.name(), namespace, name);
  }

  /** A stable metric name for the HPA, derived from the policy name. */
  public String metricName() {
    return metricName(policy.name());
  }

  public static String metricName(String policy) {
    return "lkscaler-" + policy;
  }

  /** Identifies the ScaledObject a decision belongs to. */
  public record DecisionKey(String policy, String namespace, String name) {}
}
