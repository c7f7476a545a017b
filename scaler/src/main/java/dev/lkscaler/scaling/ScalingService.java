package dev.lkscaler.scaling;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.decision.DecisionEngine;
import dev.lkscaler.decision.Evaluation;
import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.decision.Replicas;
import dev.lkscaler.decision.SignalOutcome;
import dev.lkscaler.metrics.ScalerMetrics;
import dev.lkscaler.policy.Durations;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.PolicyKeys;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.policy.QueryTemplate;
import dev.lkscaler.policy.Signal;
import dev.lkscaler.policy.TemplateException;
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

/**
 * From a ScaledObject's reference to a decision: policy, queries, cache, engine, last known good.
 */
public final class ScalingService {
  /** The trigger metadata key that names the policy. */
  public static final String POLICY_KEY = "policy";

  private static final Logger log = LoggerFactory.getLogger(ScalingService.class);

  private final PolicyRuntime runtime;
  private final Supplier<String> noPolicyReason;
  private final ScaleTargets targets;
  private final LastKnownGoodStore lastKnownGood;
  private final Clock clock;
  private final ScalerMetrics metrics;
  private final ConcurrentHashMap<ScaleTarget.DecisionKey, DataState> states =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ScaleTarget.DecisionKey, Seen> lastCalls =
      new ConcurrentHashMap<>();

  /** When a ScaledObject last called, and the signals its series carry. */
  private record Seen(Instant at, java.util.List<String> signals) {}

  /** Where a ScaledObject's data stands; the log says when this changes, not on every call. */
  private enum DataState {
    FRESH,
    LAST_KNOWN_GOOD,
    UNAVAILABLE
  }

  /**
   * @param noPolicyReason why no policy is in force, for calls that arrive before one is
   */
  public ScalingService(
      PolicyRuntime runtime,
      Supplier<String> noPolicyReason,
      ScaleTargets targets,
      LastKnownGoodStore lastKnownGood,
      Clock clock,
      ScalerMetrics metrics) {
    this.runtime = runtime;
    this.noPolicyReason = noPolicyReason;
    this.targets = targets;
    this.lastKnownGood = lastKnownGood;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** The cache TTL in force, or the default before a policy is. */
  public Duration refreshInterval() {
    return runtime
        .active()
        .map(a -> a.policies().cache().ttl())
        .orElse(PolicyKeys.CACHE_TTL.defaultValue());
  }

  /** The Prometheus timeout in force, or the default before a policy is. */
  public Duration queryTimeout() {
    return runtime
        .active()
        .map(a -> a.policies().prometheus().timeout())
        .orElse(PolicyKeys.PROMETHEUS_TIMEOUT.defaultValue());
  }

  /**
   * The metric name for a ScaledObject, after checking its metadata against the policy. Never looks
   * at Prometheus or the scale target, so it has no transient errors once a policy is in force.
   */
  public String metricName(String namespace, String name, Map<String, String> metadata) {
    PolicyRuntime.Active active = active();
    Policy policy = policy(active, metadata);
    // the target's name is not needed for the spec; any valid name checks the rest
    expandAll(policy, variables(namespace, name, metadata, Optional.of("target")));
    return ScaleTarget.metricName(policy.name());
  }

  /**
   * Finds the policy named in the metadata, the target's replicas, and expands the queries. Throws
   * {@link ScalingException}: for metadata the user must fix, or NO_DATA when the query needs
   * {{target}} and the target is not known yet.
   */
  public ScaleTarget resolve(String namespace, String name, Map<String, String> metadata) {
    PolicyRuntime.Active active = active();
    Policy policy = policy(active, metadata);
    ScaleTargets.Status status = targets.lookup(namespace, name);
    Expanded expanded;
    try {
      expanded = expandAll(policy, variables(namespace, name, metadata, status.targetName()));
    } catch (TargetUnknown e) {
      String why =
          status.replicas() instanceof Replicas.Unknown unknown
              ? unknown.why()
              : "no Kubernetes API";
      throw new ScalingException(
          ScalingException.Kind.NO_DATA,
          policy.name()
              + "/"
              + e.part
              + ": {{target}} needs the scale target of "
              + namespace
              + "/"
              + name
              + ", which is unknown: "
              + why);
    }
    return new ScaleTarget(
        policy,
        namespace,
        name,
        expanded.signals(),
        expanded.activation(),
        status.replicas(),
        active.cache(),
        active.policies().cache().lastKnownGoodFor());
  }

  private PolicyRuntime.Active active() {
    return runtime
        .active()
        .orElseThrow(
            () ->
                new ScalingException(
                    ScalingException.Kind.NO_POLICY,
                    "no valid policy is in force: " + noPolicyReason.get()));
  }

  private static Policy policy(PolicyRuntime.Active active, Map<String, String> metadata) {
    PolicySet set = active.policies();
    String policyName = metadata.get(POLICY_KEY);
    String known = String.join(", ", set.policies().keySet());
    if (policyName == null || policyName.isBlank()) {
      throw new ScalingException(
          ScalingException.Kind.BAD_METADATA,
          "scalerMetadata.policy: expected the name of a policy (one of "
              + known
              + "), found nothing");
    }
    return set.policy(policyName)
        .orElseThrow(
            () ->
                new ScalingException(
                    ScalingException.Kind.UNKNOWN_POLICY,
                    "scalerMetadata.policy: expected one of the known policies "
                        + known
                        + ", found \""
                        + policyName.replace("\"", "\\\"")
                        + "\""));
  }

  private static Map<String, String> variables(
      String namespace, String name, Map<String, String> metadata, Optional<String> target) {
    Map<String, String> values = new HashMap<>(metadata);
    // the reference and the cluster, not the metadata, say which ScaledObject and target this is
    values.put("namespace", namespace);
    values.put("name", name);
    values.remove("target");
    target.ifPresent(t -> values.put("target", t));
    return values;
  }

  private record Expanded(Map<String, String> signals, Optional<String> activation) {}

  private static Expanded expandAll(Policy policy, Map<String, String> values) {
    Map<String, String> signalQueries = new LinkedHashMap<>();
    for (Signal signal : policy.signals()) {
      signalQueries.put(signal.name(), expand(policy, signal.name(), signal.query(), values));
    }
    Optional<String> activation =
        policy.activation().map(a -> expand(policy, "activation", a.query(), values));
    return new Expanded(signalQueries, activation);
  }

  /** {{target}} was needed but the target is not known. */
  private static final class TargetUnknown extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String part;

    TargetUnknown(String part) {
      super(null, null, false, false);
      this.part = part;
    }
  }

  private static String expand(
      Policy policy, String part, QueryTemplate template, Map<String, String> values) {
    try {
      return template.expand(values);
    } catch (TemplateException e) {
      String variable = e.variable();
      if (variable.equals("target") && !values.containsKey("target")) {
        throw new TargetUnknown(part);
      }
      String field =
          switch (variable) {
            case "namespace", "name" -> "scaledObjectRef." + variable;
            case "target" -> "scaleTargetRef.name";
            default -> "scalerMetadata." + variable;
          };
      String problem = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
      throw new ScalingException(
          ScalingException.Kind.BAD_METADATA,
          field
              + ": "
              + problem
              + " (for {{"
              + variable
              + "}} in "
              + policy.name()
              + "/"
              + part
              + ")");
    }
  }

  /**
   * Decides for the target, answering by {@code deadline}: a fresh decision, the last good one when
   * data is missing, or a {@link ScalingException} of kind NO_DATA.
   */
  public CompletableFuture<Decision> decide(ScaleTarget target, Instant deadline) {
    Policy policy = target.policy();
    lastCalls.put(
        target.key(),
        new Seen(clock.instant(), java.util.List.copyOf(target.signalQueries().keySet())));
    Map<String, CompletableFuture<QueryResult>> pending = new LinkedHashMap<>();
    target
        .signalQueries()
        .forEach((signal, query) -> pending.put(signal, ask(target, query, deadline)));
    return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
        .thenCompose(
            ignored -> {
              Map<String, QueryResult> results = new LinkedHashMap<>();
              pending.forEach((signal, future) -> results.put(signal, future.join()));
              Evaluation evaluation = DecisionEngine.decide(policy, results, target.replicas());
              if (evaluation instanceof Evaluation.Decided decided
                  && DecisionEngine.needsActivation(policy, decided.decision())) {
                String query = target.activationQuery().orElseThrow();
                return ask(target, query, deadline)
                    .thenApply(
                        result -> DecisionEngine.activate(policy, decided.decision(), result));
              }
              return CompletableFuture.completedFuture(evaluation);
            })
        .thenApply(evaluation -> settle(target, evaluation));
  }

  private CompletableFuture<QueryResult> ask(ScaleTarget target, String query, Instant deadline) {
    long budgetMillis = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
    QueryResult late =
        new QueryResult.Failure(
            QueryResult.Cause.TIMEOUT,
            "no reply from Prometheus within the call's deadline ("
                + Durations.format(Duration.ofMillis(budgetMillis))
                + ")");
    return target
        .cache()
        .get(target.policy().name(), query)
        .completeOnTimeout(late, budgetMillis, TimeUnit.MILLISECONDS);
  }

  private Decision settle(ScaleTarget target, Evaluation evaluation) {
    ScaleTarget.DecisionKey key = target.key();
    if (evaluation instanceof Evaluation.Decided decided) {
      Decision decision = decided.decision();
      Optional<LastKnownGoodStore.Stamped> previous = lastKnownGood.put(key, decision);
      metrics.decided(key.policy(), key.namespace(), key.name(), decision.desiredReplicas());
      if (target.replicas() instanceof Replicas.Known known) {
        metrics.targetReplicas(key.policy(), key.namespace(), key.name(), known.count());
      }
      for (SignalOutcome.Measured signal : decision.signals()) {
        metrics.signalMeasured(
            key.policy(),
            signal.signal(),
            key.namespace(),
            key.name(),
            signal.input(),
            signal.outOfService());
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
            .log(
                "decision for {}/{}: {} replicas, {}: {}",
                key.namespace(),
                key.name(),
                decision.desiredReplicas(),
                decision.active() ? "active" : "inactive",
                decision.reason());
      }
      return decision;
    }
    Evaluation.Missing missing = (Evaluation.Missing) evaluation;
    Duration window = target.lastKnownGoodFor();
    Optional<LastKnownGoodStore.Stamped> stale = lastKnownGood.youngerThan(key, window);
    if (stale.isPresent()) {
      Decision old = stale.get().decision();
      Duration age = stale.get().age(clock);
      metrics.lastKnownGoodServed(key.policy());
      String reason =
          "last known good from "
              + Durations.format(age.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
              + " ago, because "
              + missing.describe()
              + "; was: "
              + old.reason();
      if (states.put(key, DataState.LAST_KNOWN_GOOD) != DataState.LAST_KNOWN_GOOD) {
        about(log.atWarn(), key, old.desiredReplicas(), old.active(), reason)
            .log(
                "serving last known good for {}/{}: {} replicas: {}",
                key.namespace(),
                key.name(),
                old.desiredReplicas(),
                reason);
      }
      // a reload may have moved the bounds since the decision was made
      int desired =
          Math.max(
              target.policy().minReplicas(),
              Math.min(target.policy().maxReplicas(), old.desiredReplicas()));
      metrics.decided(key.policy(), key.namespace(), key.name(), desired);
      return new Decision(
          old.policy(), desired, old.unclampedDesired(), old.active(), reason, old.signals());
    }
    metrics.unavailable(key.policy());
    String description =
        missing.describe()
            + "; no good decision for "
            + key.namespace()
            + "/"
            + key.name()
            + " within lastKnownGoodFor ("
            + Durations.format(window)
            + ")";
    if (states.put(key, DataState.UNAVAILABLE) != DataState.UNAVAILABLE) {
      about(log.atWarn(), key)
          .addKeyValue("reason", description)
          .log("no decision for {}/{}: {}", key.namespace(), key.name(), description);
    }
    throw new CompletionException(new ScalingException(ScalingException.Kind.NO_DATA, description));
  }

  /**
   * Forgets ScaledObjects that have not called for {@code idle}: deleted ones would otherwise keep
   * their metric series and last good decisions for ever. KEDA calls every polling interval.
   */
  public void forgetIdle(Duration idle) {
    Instant cutoff = clock.instant().minus(idle);
    lastCalls.forEach(
        (key, seen) -> {
          if (seen.at().isBefore(cutoff) && lastCalls.remove(key, seen)) {
            lastKnownGood.forget(key);
            states.remove(key);
            metrics.forget(key.policy(), key.namespace(), key.name(), seen.signals());
          }
        });
  }

  /** The fields that tie a log line to a ScaledObject, for Loki queries. */
  private static LoggingEventBuilder about(LoggingEventBuilder event, ScaleTarget.DecisionKey key) {
    return event
        .addKeyValue("policy", key.policy())
        .addKeyValue("namespace", key.namespace())
        .addKeyValue("scaledobject", key.name());
  }

  private static LoggingEventBuilder about(
      LoggingEventBuilder event,
      ScaleTarget.DecisionKey key,
      int desired,
      boolean active,
      String reason) {
    return about(event, key)
        .addKeyValue("desired", desired)
        .addKeyValue("active", active)
        .addKeyValue("reason", reason);
  }
}
