package dev.lkscaler.scaling;

import dev.lkscaler.decision.Evaluation;
import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.plan.DecisionKey;
import dev.lkscaler.plan.QueryPlan;
import dev.lkscaler.plan.Replicas;
import dev.lkscaler.plan.SignalParts;
import dev.lkscaler.policy.Policy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A ScaledObject's last {@link Evaluation#next} per round, reused while its inputs are equal: KEDA
 * asks every ScaledObject again and again within one cache TTL, with the same cached results (the
 * same objects, so the comparison is quick), policy and replicas. Evaluation is pure: equal inputs
 * give an equal answer, and only its work is saved.
 */
final class VerdictMemo {
  /** Everything {@link Evaluation#next} reads. */
  private record Inputs(
      Policy policy,
      Map<String, SignalParts<String>> signalQueries,
      Optional<String> activationQuery,
      Replicas replicas,
      Map<String, QueryResult> results) {}

  /** A round: the results at hand grow by one query (activation) between rounds. */
  private record Slot(DecisionKey key, int results) {}

  private record Entry(Inputs inputs, Evaluation.Next next) {}

  private final ConcurrentHashMap<Slot, Entry> last = new ConcurrentHashMap<>();

  Evaluation.Next next(QueryPlan plan, Map<String, QueryResult> results) {
    if (results.isEmpty()) {
      // the first round: nothing read yet, so nothing judged; only the queries to read
      return Evaluation.next(plan, results);
    }
    Inputs inputs =
        new Inputs(
            plan.policy(), plan.signalQueries(), plan.activationQuery(), plan.replicas(), results);
    Slot slot = new Slot(plan.key(), results.size());
    Entry entry = last.get(slot);
    if (entry != null && entry.inputs().equals(inputs)) {
      return entry.next();
    }
    Evaluation.Next next = Evaluation.next(plan, results);
    last.put(slot, new Entry(inputs, next));
    return next;
  }

  void forget(DecisionKey key) {
    last.keySet().removeIf(slot -> slot.key().equals(key));
  }
}
