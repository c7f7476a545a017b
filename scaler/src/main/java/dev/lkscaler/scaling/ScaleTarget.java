package dev.lkscaler.scaling;

import dev.lkscaler.decision.Replicas;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.prometheus.QueryCache;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One ScaledObject's view of a policy at one moment: its key, its queries with every variable
 * substituted, the target's replicas, and the cache of the policy set it was resolved against.
 *
 * @param signalQueries expanded PromQL by signal name, in the policy's order
 */
public record ScaleTarget(
    Policy policy,
    String namespace,
    String name,
    Map<String, String> signalQueries,
    Optional<String> activationQuery,
    Replicas replicas,
    QueryCache cache,
    Duration lastKnownGoodFor) {
  public ScaleTarget {
    Objects.requireNonNull(policy, "policy");
    signalQueries = Collections.unmodifiableMap(new LinkedHashMap<>(signalQueries));
    Objects.requireNonNull(activationQuery, "activationQuery");
    Objects.requireNonNull(replicas, "replicas");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(lastKnownGoodFor, "lastKnownGoodFor");
  }

  /** The key under which the last good decision is kept. */
  public DecisionKey key() {
    return new DecisionKey(policy.name(), namespace, name);
  }

  /** A stable metric name for the HPA, derived from the policy name. */
  public static String metricName(String policy) {
    return "lkscaler-" + policy;
  }

  public String metricName() {
    return metricName(policy.name());
  }

  /** Identifies the ScaledObject a decision belongs to. */
  public record DecisionKey(String policy, String namespace, String name) {}
}
