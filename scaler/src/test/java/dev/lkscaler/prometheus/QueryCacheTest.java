package dev.lkscaler.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QueryCacheTest {
  private static final Duration TTL = Duration.ofSeconds(5);
  private final MutableClock clock = new MutableClock();
  private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
  private final List<CompletableFuture<QueryResult>> inFlight = new ArrayList<>();
  // JUnit makes an instance per test: each test has a cache of its own
  private final QueryCache<String> cache = new QueryCache<>(this::fetch, clock);

  private CompletableFuture<QueryResult> fetch(String query) {
    fetches.computeIfAbsent(query, q -> new AtomicInteger()).incrementAndGet();
    CompletableFuture<QueryResult> future = new CompletableFuture<>();
    synchronized (inFlight) {
      inFlight.add(future);
    }
    return future;
  }

  private void completeAll(QueryResult result) {
    synchronized (inFlight) {
      inFlight.forEach(f -> f.complete(result));
      inFlight.clear();
    }
  }

  private int fetched(String query) {
    return fetches.getOrDefault(query, new AtomicInteger()).get();
  }

  @Test
  void concurrentIdenticalQueriesShareOneRequest() throws Exception {
    List<CompletableFuture<QueryResult>> answers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Thread thread =
          new Thread(
              () -> {
                CompletableFuture<QueryResult> answer = cache.get("q", TTL);
                synchronized (answers) {
                  answers.add(answer);
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(fetched("q")).isEqualTo(1);
    completeAll(new QueryResult.Scalar(7));
    assertThat(answers)
        .hasSize(100)
        .allSatisfy(a -> assertThat(a.join()).isEqualTo(new QueryResult.Scalar(7)));
  }

  @Test
  void reusesAResultWithinTheTtlAndAsksAgainAfter() {
    cache.get("q", TTL);
    completeAll(new QueryResult.Scalar(1));
    clock.advance(Duration.ofMillis(4999));
    assertThat(cache.get("q", TTL).join()).isEqualTo(new QueryResult.Scalar(1));
    assertThat(fetched("q")).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    CompletableFuture<QueryResult> fresh = cache.get("q", TTL);
    assertThat(fetched("q")).isEqualTo(2);
    completeAll(new QueryResult.Scalar(2));
    assertThat(fresh.join()).isEqualTo(new QueryResult.Scalar(2));
  }

  @Test
  void theTtlCountsFromTheReplyNotTheRequest() {
    cache.get("q", TTL);
    clock.advance(Duration.ofSeconds(10));
    completeAll(new QueryResult.Scalar(1));
    clock.advance(Duration.ofSeconds(4));
    cache.get("q", TTL);
    assertThat(fetched("q")).isEqualTo(1);
  }

  @Test
  void failuresAreKeptForTheTtlToo() {
    QueryResult.Failure down = new QueryResult.Failure(QueryResult.Cause.CONNECTION, "refused");
    cache.get("q", TTL);
    completeAll(down);
    assertThat(cache.get("q", TTL).join()).isEqualTo(down);
    assertThat(fetched("q")).isEqualTo(1);
  }

  @Test
  void differentQueriesDoNotShare() {
    cache.get("a", TTL);
    cache.get("b", TTL);
    assertThat(fetched("a")).isEqualTo(1);
    assertThat(fetched("b")).isEqualTo(1);
  }

  @Test
  void aCallerTimingOutItsCopyDoesNotSpoilTheSharedResult() {
    CompletableFuture<QueryResult> impatient = cache.get("q", TTL);
    impatient.complete(new QueryResult.Failure(QueryResult.Cause.TIMEOUT, "gave up"));
    CompletableFuture<QueryResult> patient = cache.get("q", TTL);
    completeAll(new QueryResult.Scalar(3));
    assertThat(patient.join()).isEqualTo(new QueryResult.Scalar(3));
    assertThat(fetched("q")).isEqualTo(1);
  }

  @Test
  void aShorterTtlInForceTakesEffectAtOnce() {
    cache.get("q", TTL);
    completeAll(new QueryResult.Scalar(1));
    clock.advance(Duration.ofSeconds(2));
    cache.get("q", TTL);
    assertThat(fetched("q")).isEqualTo(1);
    cache.get("q", Duration.ofSeconds(1));
    assertThat(fetched("q")).isEqualTo(2);
  }

  @Test
  void expiredEntriesAreSweptSoTheMapStaysBounded() {
    for (int i = 0; i < 50; i++) {
      cache.get("q" + i, TTL);
    }
    completeAll(new QueryResult.Scalar(1));
    assertThat(cache.size()).isEqualTo(50);
    clock.advance(Duration.ofSeconds(6));
    cache.get("other", TTL);
    assertThat(cache.size()).isEqualTo(1);
  }
}
