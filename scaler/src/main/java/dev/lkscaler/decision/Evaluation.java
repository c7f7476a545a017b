package dev.lkscaler.decision;

import dev.lkscaler.plan.QueryPlan;
import dev.lkscaler.plan.Replicas;
import dev.lkscaler.plan.SignalParts;
import dev.lkscaler.policy.Durations;
import dev.lkscaler.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * From a plan and its query results to the answer: each signal's count, the maximum clamped to the
 * policy's bounds, activation, and the last-known-good rule. The one path from samples to an
 * answer: live calls, {@code explain} and {@code backtest} all come here. Pure.
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * Where a call stands with the results at hand: it must read more, or it has its verdict. The
   * signals are judged once per round, and the verdict carried to {@link #outcome}.
   */
  public sealed interface Next permits Next.Read, Next.Judged {
    /** These queries must be read first. */
    record Read(Set<String> queries) implements Next {}

    /** Every needed result is at hand; this is what they say. */
    record Judged(Verdict verdict) implements Next {}
  }

  /**
   * What the call needs next. The activation query is needed only once the signals' load needs no
   * pod, so a live call asks it in a second round, and only then; a caller with every result at
   * hand (a range query) never sees a second round.
   *
   * @param results by query text
   */
  public static Next next(QueryPlan plan, Map<String, QueryResult> results) {
    Set<String> missing = new LinkedHashSet<>();
    for (String query : plan.signalRound()) {
      if (!results.containsKey(query)) {
        missing.add(query);
      }
    }
    if (!missing.isEmpty()) {
      return new Next.Read(Collections.unmodifiableSet(missing));
    }
    Verdict verdict = signals(plan, results);
    if (verdict instanceof Verdict.Decided decided
        && DecisionEngine.needsActivation(plan.policy(), decided.decision())) {
      String activation = plan.activationQuery().orElseThrow();
      if (!results.containsKey(activation)) {
        return new Next.Read(Set.of(activation));
      }
      verdict = DecisionEngine.activate(plan.policy(), decided.decision(), results.get(activation));
    }
    return new Next.Judged(verdict);
  }

  /**
   * The answer to a call.
   *
   * @param results by query text; every query {@link #next} asks for must be there
   * @param lastGood the ScaledObject's last decision from fresh data, if any
   * @param now the time of the call, for the age of the last good decision
   */
  public static Outcome evaluate(
      QueryPlan plan, Map<String, QueryResult> results, Optional<LastGood> lastGood, Instant now) {
    Next next = next(plan, results);
    if (next instanceof Next.Read read) {
      throw new IllegalArgumentException("no result for " + String.join(", ", read.queries()));
    }
    return outcome(plan, ((Next.Judged) next).verdict(), lastGood, now);
  }

  /**
   * The answer from a verdict of {@link #next}: the decision, or for missing data the last good one
   * while it is young enough.
   */
  public static Outcome outcome(
      QueryPlan plan, Verdict verdict, Optional<LastGood> lastGood, Instant now) {
    if (verdict instanceof Verdict.Decided decided) {
      return new Outcome.Fresh(decided.decision());
    }
    Policy policy = plan.policy();
    Verdict.Missing missingData = (Verdict.Missing) verdict;
    Duration window = plan.lastKnownGoodFor();
    if (lastGood.isPresent()) {
      // a clock set back gives no negative age
      Duration age = max(Duration.ZERO, Duration.between(lastGood.get().madeAt(), now));
      if (age.compareTo(window) < 0) {
        return standIn(
            policy, lastGood.get().decision(), plan.replicas(), age, missingData.describe());
      }
    }
    return new Outcome.Unavailable(
        missingData.describe()
            + "; no good decision for "
            + plan.namespace()
            + "/"
            + plan.name()
            + " within lastKnownGoodFor ("
            + Durations.format(window)
            + ")");
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Verdict signals(QueryPlan plan, Map<String, QueryResult> results) {
    Map<String, SignalParts<QueryResult>> bySignal = new LinkedHashMap<>();
    plan.signalQueries()
        .forEach((signal, queries) -> bySignal.put(signal, queries.map(results::get)));
    return DecisionEngine.decide(plan.policy(), bySignal, plan.replicas());
  }

  /**
   * The last good decision, clamped to the bounds in force (a reload may have moved them), and held
   * at the target's current replicas when it has more, as KEDA's fallback {@code
   * currentReplicasIfHigher} does: no scale-down comes of missing data.
   */
  private static Outcome standIn(
      Policy policy, Decision old, Replicas replicas, Duration age, String cause) {
    int clamped = clamp(policy, old.desiredReplicas());
    int current = replicas instanceof Replicas.Known known ? known.count() : 0;
    int desired = Math.max(clamped, clamp(policy, current));
    boolean held = desired > clamped;
    String reason =
        "last known good from "
            + Durations.format(age.truncatedTo(ChronoUnit.SECONDS))
            + " ago"
            + (held
                ? ", held at the target's "
                    + desired
                    + " current replicas (it said "
                    + clamped
                    + ")"
                : "")
            + ", because "
            + cause
            + "; was: "
            + old.reason();
    return new Outcome.LastKnownGood(
        new Decision(
            old.policy(),
            desired,
            old.unclampedDesired(),
            old.active() || held,
            reason,
            old.signals()),
        age,
        cause,
        held);
  }

  private static int clamp(Policy policy, int count) {
    return Math.max(policy.minReplicas(), Math.min(policy.maxReplicas(), count));
  }
}
