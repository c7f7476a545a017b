package dev.lkscaler.scaling;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.decision.Evaluation;
import dev.lkscaler.decision.LastGood;
import dev.lkscaler.decision.Outcome;
import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.decision.Verdict;
import dev.lkscaler.metrics.ScalerMetrics;
import dev.lkscaler.plan.DecisionKey;
import dev.lkscaler.plan.PlanException;
import dev.lkscaler.plan.Planner;
import dev.lkscaler.plan.QueryPlan;
import dev.lkscaler.plan.TargetRef;
import dev.lkscaler.policy.PolicyKeys;
import dev.lkscaler.policy.PolicySet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The thin shell around the pure path: takes a snapshot of the policy in force, plans, asks the
 * {@link LoadReader} for the plan's results, evaluates, and records the outcome (last good
 * decision, metrics, logs). One call per RPC.
 */
public final class ScalingShell {
  private final Supplier<Optional<PolicySet>> policies;
  private final Supplier<String> noPolicyReason;
  private final ScaleTargets targets;
  private final LoadReader reader;
  private final Clock clock;
  private final LastKnownGoodStore lastGood = new LastKnownGoodStore();
  private final OutcomeLog log = new OutcomeLog();
  private final DecisionBoard board = new DecisionBoard();
  private final OutcomeMetrics metrics;
  private final RecentCallers callers = new RecentCallers();
  private final VerdictMemo verdicts = new VerdictMemo();

  /**
   * @param policies the policy in force, read once per call
   * @param noPolicyReason why none is in force, for calls that arrive before one is
   */
  public ScalingShell(
      Supplier<Optional<PolicySet>> policies,
      Supplier<String> noPolicyReason,
      ScaleTargets targets,
      LoadReader reader,
      ScalerMetrics metrics,
      Clock clock) {
    this.policies = policies;
    this.noPolicyReason = noPolicyReason;
    this.targets = targets;
    this.reader = reader;
    this.metrics = new OutcomeMetrics(metrics);
    this.clock = clock;
  }

  /**
   * The HPA's metric name for a ScaledObject, after checking its metadata. Asks neither Prometheus
   * nor the cluster, so it has no transient errors once a policy is in force.
   *
   * @throws ScalingException when the metadata is wrong or no policy is in force
   */
  public String metricName(String namespace, String name, Map<String, String> metadata) {
    PolicySet set = snapshot();
    TargetRef ref = new TargetRef(namespace, name, metadata);
    return Decision.metricName(planned(() -> Planner.checkMetadata(set, ref)).name());
  }

  /**
   * Answers one call by the plan's deadline: a fresh decision, the last good one, or unavailable.
   *
   * @param metadata the trigger's metadata, as KEDA sends it
   * @param callerBudget how long the caller waits, when it set a deadline
   * @throws ScalingException at once, before any query, when the call cannot be planned
   */
  public CompletableFuture<Outcome> decide(
      String namespace,
      String name,
      Map<String, String> metadata,
      Optional<Duration> callerBudget) {
    PolicySet set = snapshot();
    TargetRef ref = new TargetRef(namespace, name, metadata);
    ScaleTargets.Status status = targets.lookup(namespace, name);
    Instant now = clock.instant();
    QueryPlan plan =
        planned(
            () ->
                Planner.plan(set, ref, status.targetName(), status.replicas(), now, callerBudget));
    callers.called(plan.key(), List.copyOf(plan.signalQueries().keySet()), now);
    return read(plan, Map.of()).thenApply(verdict -> settle(plan, verdict));
  }

  /** The answers of the last {@link DecisionBoard#SHOWN_FOR}, the latest change first. */
  public List<DecisionBoard.Entry> recentDecisions() {
    return board.recent(clock.instant());
  }

  /** How often an open StreamIsActive looks again: the cache TTL in force. */
  public Duration refreshInterval() {
    return policies.get().map(set -> set.cache().ttl()).orElse(PolicyKeys.CACHE_TTL.defaultValue());
  }

  /**
   * Forgets ScaledObjects that have not called for {@code idle}: deleted ones would otherwise keep
   * their metric series and last good decisions for ever. KEDA calls every polling interval.
   */
  public void forgetIdle(Duration idle) {
    for (RecentCallers.Call call : callers.removeSilentSince(clock.instant().minus(idle))) {
      lastGood.forget(call.key());
      verdicts.forget(call.key());
      log.forget(call.key());
      board.forget(call.key());
      metrics.forget(call.key(), call.signals());
    }
  }

  private PolicySet snapshot() {
    return policies
        .get()
        .orElseThrow(
            () ->
                new ScalingException(
                    ScalingException.Kind.NO_POLICY,
                    "no valid policy is in force: " + noPolicyReason.get()));
  }

  private static <T> T planned(Supplier<T> planning) {
    try {
      return planning.get();
    } catch (PlanException e) {
      ScalingException.Kind kind =
          switch (e.kind()) {
            case BAD_METADATA -> ScalingException.Kind.BAD_METADATA;
            case UNKNOWN_POLICY -> ScalingException.Kind.UNKNOWN_POLICY;
            case TARGET_UNKNOWN -> ScalingException.Kind.TARGET_UNKNOWN;
          };
      throw new ScalingException(kind, e.getMessage());
    }
  }

  /** Reads what the evaluation still needs, round after round (the activation query is second). */
  private CompletableFuture<Verdict> read(QueryPlan plan, Map<String, QueryResult> have) {
    Evaluation.Next next = verdicts.next(plan, have);
    if (next instanceof Evaluation.Next.Judged judged) {
      return CompletableFuture.completedFuture(judged.verdict());
    }
    Set<String> needed = ((Evaluation.Next.Read) next).queries();
    return reader
        .read(plan, needed)
        .thenCompose(
            got -> {
              if (!got.keySet().containsAll(needed)) {
                throw new IllegalStateException("the load reader left out some of " + needed);
              }
              Map<String, QueryResult> all = new HashMap<>(have);
              all.putAll(got);
              return read(plan, all);
            });
  }

  private Outcome settle(QueryPlan plan, Verdict verdict) {
    DecisionKey key = plan.key();
    Optional<LastGood> previous = lastGood.get(key);
    Instant now = clock.instant();
    Outcome outcome = Evaluation.outcome(plan, verdict, previous, now);
    if (outcome instanceof Outcome.Fresh fresh) {
      lastGood.put(key, fresh.decision(), now);
    }
    metrics.record(plan, outcome);
    log.record(key, outcome, previous);
    board.record(key, outcome, now);
    return outcome;
  }
}
