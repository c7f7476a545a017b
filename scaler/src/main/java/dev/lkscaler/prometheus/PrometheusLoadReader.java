package dev.lkscaler.prometheus;

import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.plan.QueryPlan;
import dev.lkscaler.policy.Durations;
import dev.lkscaler.policy.PrometheusSettings;
import dev.lkscaler.scaling.LoadReader;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads a plan's queries from the Prometheus its settings name, through one cache shared by every
 * ScaledObject: the same query text to the same server within the TTL is one request.
 */
public final class PrometheusLoadReader implements LoadReader {
  /** Sends one query to the server the settings name: {@link PrometheusClient#query}. */
  public interface Fetch {
    CompletableFuture<QueryResult> query(PrometheusSettings settings, String promql);
  }

  /** A query as the cache keys it: the text, and the server and headers it goes to. */
  private record Query(PrometheusSettings settings, String promql) {}

  private final QueryCache<Query> cache;
  private final Clock clock;

  public PrometheusLoadReader(Fetch fetch, Clock clock) {
    this.cache = new QueryCache<>(query -> fetch.query(query.settings(), query.promql()), clock);
    this.clock = clock;
  }

  @Override
  public CompletableFuture<Map<String, QueryResult>> read(QueryPlan plan, Set<String> queries) {
    long budgetMillis = Math.max(0, Duration.between(clock.instant(), plan.answerBy()).toMillis());
    QueryResult late =
        new QueryResult.Failure(
            QueryResult.Cause.TIMEOUT,
            "no reply from Prometheus within the call's deadline ("
                + Durations.format(Duration.ofMillis(budgetMillis))
                + ")");
    Map<String, CompletableFuture<QueryResult>> pending = new LinkedHashMap<>();
    for (String query : queries) {
      pending.put(
          query,
          cache
              .get(new Query(plan.prometheus(), query), plan.cacheTtl())
              .completeOnTimeout(late, budgetMillis, TimeUnit.MILLISECONDS));
    }
    return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<String, QueryResult> results = new LinkedHashMap<>();
              pending.forEach((query, future) -> results.put(query, future.join()));
              return results;
            });
  }
}
