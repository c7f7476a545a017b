package dev.lkscaler.plan;

import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.PrometheusSettings;
import dev.lkscaler.policy.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one decision needs, taken from one snapshot of the policy in force: the policy, each
 * signal's query with every variable filled, the activation query, the target's replicas, where to
 * ask and by when to answer.
 *
 * @param signalQueries each signal's expanded PromQL, by signal name, in the policy's order
 * @param answerBy when the caller must have its answer
 * @param cacheTtl how long a query result may be reused
 */
public record QueryPlan(
    Policy policy,
    String namespace,
    String name,
    Map<String, SignalParts<String>> signalQueries,
    Optional<String> activationQuery,
    Replicas replicas,
    PrometheusSettings prometheus,
    Duration cacheTtl,
    Duration lastKnownGoodFor,
    Instant answerBy) {
  public QueryPlan {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    signalQueries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(signalQueries));
    if (!signalQueries.keySet().equals(signalNames(policy))) {
      throw new IllegalArgumentException("queries for each signal of " + policy.name());
    }
    for (Signal signal : policy.signals()) {
      SignalParts<String> queries = signalQueries.get(signal.name());
      boolean demand =
          signal instanceof Signal.Utilization utilization && utilization.demand().isPresent();
      boolean starts = signal instanceof Signal.Headroom headroom && headroom.starts().isPresent();
      if (queries.wanted().isPresent() != demand
          || queries.trend().isPresent() != signal.lookahead().isPresent()
          || queries.starts().isPresent() != starts) {
        throw new IllegalArgumentException(
            "the queries of " + policy.name() + "/" + signal.name() + " are not its own");
      }
    }
    Objects.requireNonNull(activationQuery, "activationQuery");
    if (activationQuery.isPresent() != policy.activation().isPresent()) {
      throw new IllegalArgumentException("an activation query exactly when the policy has one");
    }
    Objects.requireNonNull(replicas, "replicas");
    Objects.requireNonNull(prometheus, "prometheus");
    Objects.requireNonNull(cacheTtl, "cacheTtl");
    Objects.requireNonNull(lastKnownGoodFor, "lastKnownGoodFor");
    Objects.requireNonNull(answerBy, "answerBy");
  }

  private static Set<String> signalNames(Policy policy) {
    Set<String> names = new LinkedHashSet<>();
    policy.signals().forEach(signal -> names.add(signal.name()));
    return names;
  }

  public DecisionKey key() {
    return new DecisionKey(policy.name(), namespace, name);
  }

  /** Every distinct query of the signals, in the policy's order: the first round of a call. */
  public Set<String> signalRound() {
    Set<String> all = new LinkedHashSet<>();
    signalQueries.values().forEach(queries -> all.addAll(queries.all()));
    return java.util.Collections.unmodifiableSet(all);
  }

  /** Every distinct query of the plan, signals first: what explain and backtest fetch. */
  public Set<String> queries() {
    Set<String> all = new LinkedHashSet<>(signalRound());
    activationQuery.ifPresent(all::add);
    return java.util.Collections.unmodifiableSet(all);
  }
}
