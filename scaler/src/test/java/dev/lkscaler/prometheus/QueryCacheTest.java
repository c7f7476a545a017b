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
  private final MutableClock clock = new MutableClock();
  private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
  private final List<CompletableFuture<QueryResult>> inFlight = new ArrayList<>();

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
    QueryCache cache = new QueryCache(this::fetch, clock, Duration.ofSeconds(5));
    List<CompletableFuture<QueryResult>> answers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Thread thread =
          new Thread(
              () -> {
                CompletableFuture<QueryResult> answer = cache.get("agents", "q");
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
    QueryCache cache = new QueryCache(this::fetch, clock, Duration.ofSeconds(5));
    cache.get("agents", "q");
    completeAll(new QueryResult.Scalar(1));
    clock.advance(Duration.ofMillis(4999));
    assertThat(cache.get("agents", "q").join()).isEqualTo(new QueryResult.Scalar(1));
    assertThat(fetched("q")).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    CompletableFuture<QueryResult> fresh = cache.get("agents", "q");
    assertThat(fetched("q")).isEqualTo(2);
    completeAll(new QueryResult.Scalar(2));
    assertThat(fresh.join()).isEqualTo(new QueryResult.Scalar(2));
  }

  @Test
  void theTtlCountsFromTheReplyNotTheRequest() {
    QueryCache cache = new QueryCache(this::fetch, clock, Duration.ofSeconds(5));
    cache.get("agents", "q");
    clock.advance(Duration.ofSeconds(10));
    completeAll(new QueryResult.Scalar(1));
    clock.advance(Duration.ofSeconds(4));
    cache.get("agents", "q");
    assertThat(fetched("q")).isEqualTo(1);
  }

  @Test
  void failuresAreKeptForTheTtlToo() {
    QueryCache cache = new QueryCache(this::fetch, clock, Duration.ofSeconds(5));
    QueryResult.Failure down = new QueryResult.Failure(QueryResult.Cause.CONNECTION, "refused");
    cache.get("agents", "q");
    completeAll(down);
    assertThat(cache.get("agents", "q").join()).isEqualTo(down);
    assertThat(fetched("q")).isEqualTo(1);
  }

  @Test
  void differentQueriesDoNotShare() {
    QueryCache cache = new QueryCache(this::fetch, clock, Duration.ofSeconds(5));
    cache.get("agents", "a");
    cache.get("agents", "b");
    assertThat(fetched("a")).isEqualTo(1);
    assertThat(fetched("b")).isEqualTo(1);
  }

  @Test
  void aCallerTimingOutItsCopyDoesNotSpoilTheSharedResult() {
    QueryCache cache = new QueryCache(this::fetch, clock, Duration.ofSeconds(5));
    CompletableFuture<QueryResult> impatient = cache.get("agents", "q");
    impatient.complete(new QueryResult.Failure(QueryResult.Cause.TIMEOUT, "gave up"));
    CompletableFuture<QueryResult> patient = cache.get("agents", "q");
    completeAll(new QueryResult.Scalar(3));
    assertThat(patient.join()).isEqualTo(new QueryResult.Scalar(3));
    assertThat(fetched("q")).isEqualTo(1);
  }

  @Test
  void samplesAreKeptPerPolicyAndDroppedPerPolicy() {
    QueryCache cache = new QueryCache(this::fetch, clock, Duration.ofSeconds(5));
    cache.get("agents", "q");
    cache.get("sip", "q");
    assertThat(fetched("q")).isEqualTo(2);
    completeAll(new QueryResult.Scalar(1));
    cache.dropPolicy("agents");
    cache.get("agents", "q");
    cache.get("sip", "q");
    assertThat(fetched("q")).isEqualTo(3);
  }

  @Test
  void expiredEntriesAreSweptSoTheMapStaysBounded() {
    QueryCache cache = new QueryCache(this::fetch, clock, Duration.ofSeconds(5));
    for (int i = 0; i < 50; i++) {
      cache.get("agents", "q" + i);
    }
    completeAll(new QueryResult.Scalar(1));
    assertThat(cache.size()).isEqualTo(50);
    clock.advance(Duration.ofSeconds(6));
    cache.get("agents", "other");
    assertThat(cache.size()).isEqualTo(1);
  }
}
