package dev.lkscaler.scaling;

import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.plan.QueryPlan;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Where query results come from: the port that the Prometheus client implements. */
public interface LoadReader {
  /**
   * The results of some of the plan's queries, by query text, by the plan's answer time: a query
   * without a reply by then is a {@link QueryResult.Failure} of cause TIMEOUT. Never fails.
   */
  CompletableFuture<Map<String, QueryResult>> read(QueryPlan plan, Set<String> queries);
}
