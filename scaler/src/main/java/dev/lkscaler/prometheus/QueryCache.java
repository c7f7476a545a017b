package dev.lkscaler.prometheus;

import dev.lkscaler.decision.QueryResult;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Shares query results: identical queries within the TTL reuse one reply, and concurrent identical
 * queries share one request in flight. Failures are kept for the TTL too, so an outage costs
 * Prometheus one request per query per TTL, not one per call. The TTL is the caller's, so a reload
 * that shortens it takes effect at once.
 *
 * @param <K> what identifies a query: its text and where it is sent
 */
public final class QueryCache<K> {
  private final Function<K, CompletableFuture<QueryResult>> fetch;
  private final Clock clock;
  private final ConcurrentHashMap<K, Entry> entries = new ConcurrentHashMap<>();
  private volatile long lastSweepMillis;

  public QueryCache(Function<K, CompletableFuture<QueryResult>> fetch, Clock clock) {
    this.fetch = fetch;
    this.clock = clock;
    this.lastSweepMillis = clock.millis();
  }

  /**
   * A result younger than {@code ttl}, the one in flight, or a new request. Callers get a copy, so
   * that one caller's timeout never completes another's.
   */
  public CompletableFuture<QueryResult> get(K key, Duration ttl) {
    long now = clock.millis();
    long ttlMillis = ttl.toMillis();
    sweep(now, ttlMillis);
    Entry entry =
        entries.compute(
            key, (k, old) -> old != null && old.usable(now, ttlMillis) ? old : start(k, ttlMillis));
    return entry.result.copy();
  }

  /** Entries held, for tests and metrics. */
  public int size() {
    return entries.size();
  }

  private Entry start(K key, long ttlMillis) {
    Entry entry = new Entry(fetch.apply(key), ttlMillis);
    entry.result.whenComplete((result, error) -> entry.completedAtMillis = clock.millis());
    return entry;
  }

  /** At most once per TTL, drops entries older than the TTL they were fetched under. */
  private void sweep(long now, long ttlMillis) {
    if (now - lastSweepMillis < ttlMillis) {
      return;
    }
    lastSweepMillis = now;
    entries.values().removeIf(entry -> !entry.usable(now, entry.ttlMillis));
  }

  private static final class Entry {
    final CompletableFuture<QueryResult> result;
    final long ttlMillis;
    volatile long completedAtMillis = -1;

    Entry(CompletableFuture<QueryResult> result, long ttlMillis) {
      this.result = result;
      this.ttlMillis = ttlMillis;
    }

    /** In flight, or completed less than {@code ttlMillis} ago: the TTL counts from the reply. */
    boolean usable(long now, long ttlMillis) {
      long completed = completedAtMillis;
      return completed < 0 || now - completed < ttlMillis;
    }
  }
}
