package dev.lkscaler.prometheus;

import dev.lkscaler.decision.QueryResult;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Shares query results: identical queries of a policy within the TTL reuse one reply, and
 * concurrent identical queries share one request in flight. Failures are kept for the TTL too, so
 * an outage costs Prometheus one request per query per TTL, not one per call. Entries are kept per
 * policy, so that a reload of one policy drops only its samples.
 */
public final class QueryCache {
  private final Function<String, CompletableFuture<QueryResult>> fetch;
  private final Clock clock;
  private final Duration ttl;
  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private volatile long lastSweepMillis;

  public QueryCache(
      Function<String, CompletableFuture<QueryResult>> fetch, Clock clock, Duration ttl) {
    this.fetch = fetch;
    this.clock = clock;
    this.ttl = ttl;
    this.lastSweepMillis = clock.millis();
  }

  /** A result younger than the TTL, the one in flight, or a new request. Callers get a copy. */
  public CompletableFuture<QueryResult> get(String policy, String query) {
    long now = clock.millis();
    sweep(now);
    Entry entry =
        entries.compute(
            new Key(policy, query),
            (key, old) -> old != null && old.usable(now, ttl) ? old : start(query));
    return entry.result.copy();
  }

  /** Forgets every sample of one policy, after its queries or parameters changed. */
  public void dropPolicy(String policy) {
    entries.keySet().removeIf(key -> key.policy().equals(policy));
  }

  public Duration ttl() {
    return ttl;
  }

  /** Entries held, for tests and metrics. */
  public int size() {
    return entries.size();
  }

  private Entry start(String query) {
    Entry entry = new Entry(fetch.apply(query));
    entry.result.whenComplete((result, error) -> entry.completedAtMillis = clock.millis());
    return entry;
  }

  private void sweep(long now) {
    if (now - lastSweepMillis < ttl.toMillis()) {
      return;
    }
    lastSweepMillis = now;
    entries.values().removeIf(entry -> !entry.usable(now, ttl));
  }

  private record Key(String policy, String query) {}

  private static final class Entry {
    final CompletableFuture<QueryResult> result;
    volatile long completedAtMillis = -1;

    Entry(CompletableFuture<QueryResult> result) {
      this.result = result;
    }

    boolean usable(long now, Duration ttl) {
      long completed = completedAtMillis;
      return completed < 0 || now - completed < ttl.toMillis();
    }
  }
}
