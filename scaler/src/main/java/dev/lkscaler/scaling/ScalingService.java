package dev.lkscaler.scaling;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.decision.DecisionEngine;
import dev.lkscaler.decision.Evaluation;
import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.decision.SignalOutcome;
import dev.lkscaler.metrics.ScalerMetrics;
import dev.lkscaler.policy.Durations;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.policy.QueryTemplate;
import dev.lkscaler.policy.Signal;
import dev.lkscaler.policy.TemplateException;
import dev.lkscaler.prometheus.QueryCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/** From a ScaledObject's reference to a decision: policy, queries, cache, engine, last known good. */
public final class ScalingService {
  /** The trigger metadata key that names the policy. */
  public static final String POLICY_KEY = "policy";

  private static final Logger log = LoggerFactory.getLogger(ScalingService.class);

  private final Supplier<PolicySet> policies;
  private final QueryCache queries;
  private final LastKnownGoodStore lastKnownGood;
  private final Clock clock;
  private final ScalerMetrics metrics;
  private final ConcurrentHashMap<ScaleTarget.DecisionKey, DataState> states = new ConcurrentHashMap<>();

  /** Where a ScaledObject's data stands; the log says when this changes, not on every call. */
  private enum DataState {
    FRESH,
    LAST_KNOWN_GOOD,
    UNAVAILABLE
  }

  public ScalingService(
      Supplier<PolicySet> policies,
      QueryCache queries,
      LastKnownGoodStore lastKnownGood,
      Clock clock,
      ScalerMetrics metrics) {
    this.policies = policies;
    this.queries = queries;
    this.lastKnownGood = lastKnownGood;
    this.clock = clock;
    this.metrics = metrics;
  }

  public PolicySet policySet() {
    return policies.get();
  }

  /**
   * Finds the policy named in the metadata and expands its queries. Throws {@link
   * ScalingException} for metadata the user must fix; never for missing data.
   */
  public ScaleTarget resolve(String namespace, String name, Map<String, String> metadata) {
    PolicySet set = policies.get();
    String policyName = metadata.get(POLICY_KEY);
    String known = String.join(", ", set.policies().keySet());
    if (policyName == null || policyName.isBlank()) {
      throw new ScalingException(
          ScalingException.Kind.BAD_METADATA,
          "scalerMetadata.policy: expected the name of a policy (one of " + known + "), found nothing");
    }
    Policy policy =
        set.policy(policyName)
            .orElseThrow(
                () ->
                    new ScalingException(
                        ScalingException.Kind.UNKNOWN_POLICY,
                        "scalerMetadata.policy: expected one of the known policies " + known
                            + ", found \"" + policyName.replace("\"", "\\\"") + "\""));
    Map<String, String> values = new HashMap<>(metadata);
    // the reference, not the metadata, says which ScaledObject this is
    values.put("namespace", namespace);
    values.put("name", name);
    Map<String, String> signalQueries = new LinkedHashMap<>();
    for (Signal signal : policy.signals()) {
      signalQueries.put(signal.name(), expand(policy, signal.name(), signal.query(), values));
    }
    Optional<String> activation =
        policy.activation().map(a -> expand(policy, "activation", a.query(), values));
    return new ScaleTarget(policy, namespace, name, signalQueries, activation);
  }

  private static String expand(
      Policy policy, String part, QueryTemplate template, Map<String, String> values) {
    try {
      return template.expand(values);
    } catch (TemplateException e) {
      String variable = e.variable();
      String field =
          variable.equals("namespace") || variable.equals("name")
              ? "scaledObjectRef." + variable
              : "scalerMetadata." + variable;
      String problem = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
      throw new ScalingException(
          ScalingException.Kind.BAD_METADATA,
          field + ": " + problem + " (for {{" + variable + "}} in " + policy.name() + "/" + part + ")");
    }
  }

  /**
   * Decides for the target, answering by {@code deadline}: a fresh decision, the last good one when
   * data is missing, or a {@link ScalingException} of kind NO_DATA.
   */
  public CompletableFuture<Decision> decide(ScaleTarget target, Instant deadline) {
    Policy policy = target.policy();
    Map<String, CompletableFuture<QueryResult>> pending = new LinkedHashMap<>();
    target.signalQueries().forEach((signal, query) -> pending.put(signal, ask(query, deadline)));
    return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
        .thenCompose(
            ignored -> {
              Map<String, QueryResult> results = new LinkedHashMap<>();
              pending.forEach((signal, future) -> results.put(signal, future.join()));
              Evaluation evaluation = DecisionEngine.decide(policy, results);
              if (evaluation instanceof Evaluation.Decided decided
                  && DecisionEngine.needsActivation(policy, decided.decision())) {
                String query = target.activationQuery().orElseThrow();
                return ask(query, deadline)
                    .thenApply(result -> DecisionEngine.activate(policy, decided.decision(), result));
              }
              return CompletableFuture.completedFuture(evaluation);
            })
        .thenApply(evaluation -> settle(target, evaluation));
  }

  private CompletableFuture<QueryResult> ask(String query, Instant deadline) {
    long budgetMillis = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
    QueryResult late =
        new QueryResult.Failure(
            QueryResult.Cause.TIMEOUT,
            "no reply from Prometheus within the call's deadline ("
                + Durations.format(Duration.ofMillis(budgetMillis)) + ")");
    return queries.get(query).completeOnTimeout(late, budgetMillis, TimeUnit.MILLISECONDS);
  }

  private Decision settle(ScaleTarget target, Evaluation evaluation) {
    ScaleTarget.DecisionKey key = target.key();
    if (evaluation instanceof Evaluation.Decided decided) {
      Decision decision = decided.decision();
      Optional<LastKnownGoodStore.Stamped> previous = lastKnownGood.put(key, decision);
      metrics.decided(key.policy(), key.namespace(), key.name(), decision.desiredReplicas());
      for (SignalOutcome.Measured signal : decision.signals()) {
        metrics.signalMeasured(
            key.policy(), signal.signal(), key.namespace(), key.name(), signal.input(), signal.outOfService());
        if (signal.dropped() > 0) {
          metrics.samplesDropped(key.policy(), signal.signal(), signal.dropped());
        }
      }
      DataState before = states.put(key, DataState.FRESH);
      if (before != null && before != DataState.FRESH) {
        about(log.atInfo(), key).log("fresh data again for {}/{}", key.namespace(), key.name());
      }
      if (previous.isEmpty() || !decision.sameOutcome(previous.get().decision())) {
        about(log.atInfo(), key, decision.desiredReplicas(), decision.active(), decision.reason())
            .log("decision for {}/{}: {} replicas, {}: {}", key.namespace(), key.name(),
                decision.desiredReplicas(), decision.active() ? "active" : "inactive", decision.reason());
      }
      return decision;
    }
    Evaluation.Missing missing = (Evaluation.Missing) evaluation;
    Duration window = policies.get().cache().lastKnownGoodFor();
    Optional<LastKnownGoodStore.Stamped> stale = lastKnownGood.youngerThan(key, window);
    if (stale.isPresent()) {
      Decision old = stale.get().decision();
      Duration age = stale.get().age(clock);
      metrics.lastKnownGoodServed(key.policy());
      metrics.decided(key.policy(), key.namespace(), key.name(), old.desiredReplicas());
      String reason =
          "last known good from " + Durations.format(age.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
              + " ago, because " + missing.describe() + "; was: " + old.reason();
      if (states.put(key, DataState.LAST_KNOWN_GOOD) != DataState.LAST_KNOWN_GOOD) {
        about(log.atWarn(), key, old.desiredReplicas(), old.active(), reason)
            .log("serving last known good for {}/{}: {} replicas: {}", key.namespace(), key.name(),
                old.desiredReplicas(), reason);
      }
      return new Decision(
          old.policy(), old.desiredReplicas(), old.unclampedDesired(), old.active(), reason, old.signals());
    }
    metrics.unavailable(key.policy());
    String description =
        missing.describe() + "; no good decision for " + key.namespace() + "/" + key.name()
            + " within lastKnownGoodFor (" + Durations.format(window) + ")";
    if (states.put(key, DataState.UNAVAILABLE) != DataState.UNAVAILABLE) {
      about(log.atWarn(), key).addKeyValue("reason", description).log("no decision for {}/{}: {}", key.namespace(), key.name(), description);
    }
    throw new CompletionException(new ScalingException(ScalingException.Kind.NO_DATA, description));
  }

  /** The fields that tie a log line to a ScaledObject, for Loki queries. */
  private static LoggingEventBuilder about(LoggingEventBuilder event, ScaleTarget.DecisionKey key) {
    return event
        .addKeyValue("policy", key.policy())
        .addKeyValue("namespace", key.namespace())
        .addKeyValue("scaledobject", key.name());
  }

  private static LoggingEventBuilder about(
      LoggingEventBuilder event, ScaleTarget.DecisionKey key, int desired, boolean active, String reason) {
    return about(event, key)
        .addKeyValue("desired", desired)
        .addKeyValue("active", active)
        .addKeyValue("reason", reason);
  }
}
