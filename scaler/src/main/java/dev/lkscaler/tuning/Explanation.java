package dev.lkscaler.tuning;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.decision.Outcome;
import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.decision.SignalOutcome;
import dev.lkscaler.plan.QueryPlan;
import dev.lkscaler.plan.SignalParts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why a decision is what it is: each query as sent and what it gave, each signal's count, and the
 * answer with its reason line as the server logs it. Built from the plan, the results and the
 * outcome of {@link dev.lkscaler.decision.Evaluation}: it decides nothing itself.
 */
public record Explanation(
    String policy,
    String namespace,
    String name,
    Instant at,
    int minReplicas,
    int maxReplicas,
    List<Query> queries,
    Outcome outcome) {
  /** How many of a vector's series are listed, the largest first. */
  public static final int TOP = 10;

  public Explanation {
    queries = List.copyOf(queries);
  }

  /**
   * One query of the plan and what it gave.
   *
   * @param signal a signal's name, or {@code activation}
   * @param part {@code load}, {@code wanted}, {@code served}, {@code trend}, {@code starts} or
   *     {@code activation}
   */
  public record Query(String signal, String part, String query, QueryResult result) {
    /** The largest values, with their labels when the reader kept them. */
    public List<Series> top() {
      if (!(result instanceof QueryResult.Vector vector)) {
        return List.of();
      }
      List<Series> all = new ArrayList<>();
      for (int i = 0; i < vector.values().size(); i++) {
        all.add(
            new Series(
                vector.labels().isEmpty() ? "" : vector.labels().get(i), vector.values().get(i)));
      }
      all.sort(
          Comparator.comparing((Series s) -> Double.isNaN(s.value()) ? 1 : 0)
              .thenComparing(Series::value, Comparator.reverseOrder())
              .thenComparing(Series::labels));
      return List.copyOf(all.subList(0, Math.min(TOP, all.size())));
    }

    /** The sum of the finite values: what the engine adds up. */
    public double total() {
      return finite().stream().mapToDouble(Double::doubleValue).sum();
    }

    public int series() {
      return result instanceof QueryResult.Vector vector ? vector.values().size() : 0;
    }

    /** NaN and infinite samples, which the engine leaves out. */
    public int dropped() {
      return series() - finite().size();
    }

    private List<Double> finite() {
      if (result instanceof QueryResult.Vector vector) {
        return vector.values().stream().filter(Double::isFinite).toList();
      }
      if (result instanceof QueryResult.Scalar scalar && Double.isFinite(scalar.value())) {
        return List.of(scalar.value());
      }
      return List.of();
    }
  }

  public record Series(String labels, double value) {}

  public static Explanation of(
      QueryPlan plan, Map<String, QueryResult> results, Outcome outcome, Instant at) {
    List<Query> queries = new ArrayList<>();
    plan.signalQueries()
        .forEach(
            (signal, parts) -> {
              for (Map.Entry<String, String> part : named(parts)) {
                queries.add(
                    new Query(
                        signal, part.getKey(), part.getValue(), results.get(part.getValue())));
              }
            });
    plan.activationQuery()
        .ifPresent(
            query -> queries.add(new Query("activation", "activation", query, results.get(query))));
    return new Explanation(
        plan.policy().name(),
        plan.namespace(),
        plan.name(),
        at,
        plan.policy().minReplicas(),
        plan.policy().maxReplicas(),
        queries,
        outcome);
  }

  private static List<Map.Entry<String, String>> named(SignalParts<String> parts) {
    List<Map.Entry<String, String>> named = new ArrayList<>();
    named.add(Map.entry("load", parts.load()));
    parts.wanted().ifPresent(q -> named.add(Map.entry("wanted", q)));
    parts.served().ifPresent(q -> named.add(Map.entry("served", q)));
    parts.trend().ifPresent(q -> named.add(Map.entry("trend", q)));
    parts.starts().ifPresent(q -> named.add(Map.entry("starts", q)));
    return named;
  }

  public Optional<Decision> decision() {
    return outcome.answer();
  }

  /** The signal whose count the answer took: the first with the largest. */
  public Optional<String> winningSignal() {
    return decision()
        .flatMap(
            d ->
                d.signals().stream()
                    .filter(s -> s.desired() == d.unclampedDesired())
                    .map(SignalOutcome.Measured::signal)
                    .findFirst());
  }

  /** How the bounds changed the count: empty when they did not. */
  public Optional<String> clamping() {
    return decision()
        .flatMap(
            d -> {
              if (d.unclampedDesired() < minReplicas) {
                return Optional.of(
                    "raised from " + d.unclampedDesired() + " to minReplicas " + minReplicas);
              }
              if (d.unclampedDesired() > maxReplicas) {
                return Optional.of(
                    "lowered from " + d.unclampedDesired() + " to maxReplicas " + maxReplicas);
              }
              return Optional.empty();
            });
  }

  /** Why there is no decision, when there is none. */
  public Optional<String> cause() {
    return outcome instanceof Outcome.Unavailable unavailable
        ? Optional.of(unavailable.cause())
        : Optional.empty();
  }
}
