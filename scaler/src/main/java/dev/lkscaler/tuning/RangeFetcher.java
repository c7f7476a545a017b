package dev.lkscaler.tuning;

import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.policy.PrometheusSettings;
import dev.lkscaler.prometheus.PrometheusClient;
import dev.lkscaler.prometheus.RangeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Fetches queries over a window with {@code /api/v1/query_range}, in chunks under Prometheus' limit
 * of 11,000 points per series, a bounded number at a time, and hands back each query's result at
 * each step as an instant query at that time would have given it.
 */
public final class RangeFetcher {
  /** Prometheus refuses a range query of more points per series than this. */
  public static final int PROMETHEUS_MAX_POINTS = 11_000;

  /** Steps per request: under the limit, with room to spare. */
  public static final int DEFAULT_CHUNK_STEPS = 10_000;

  /** Requests in flight at once: enough to hide latency, few enough not to load Prometheus. */
  public static final int DEFAULT_PARALLEL = 4;

  /** The steps of a backtest: from {@code from}, every {@code step}, up to {@code to} included. */
  public record Window(Instant from, Instant to, Duration step) {
    public Window {
      if (step.isNegative() || step.isZero()) {
        throw new IllegalArgumentException("step: expected a positive duration. Found: " + step);
      }
      if (to.isBefore(from)) {
        throw new IllegalArgumentException(
            "to: expected a time at or after from (" + from + "). Found: " + to);
      }
    }

    public int steps() {
      return (int) (Duration.between(from, to).toMillis() / step.toMillis()) + 1;
    }

    public Instant at(int index) {
      return from.plusMillis(index * step.toMillis());
    }
  }

  private final PrometheusClient client;
  private final int chunkSteps;
  private final int parallel;

  public RangeFetcher(PrometheusClient client, int chunkSteps, int parallel) {
    if (chunkSteps < 1 || chunkSteps > PROMETHEUS_MAX_POINTS) {
      throw new IllegalArgumentException(
          "chunk: expected 1 to " + PROMETHEUS_MAX_POINTS + " steps. Found: " + chunkSteps);
    }
    this.client = client;
    this.chunkSteps = chunkSteps;
    this.parallel = parallel;
  }

  /**
   * Each query's result at each step of the window, in the window's order.
   *
   * @param done told of each chunk fetched, with the number of chunks in all
   */
  public Map<String, List<QueryResult>> fetch(
      PrometheusSettings settings, Collection<String> queries, Window window, IntConsumer done)
      throws InterruptedException {
    int steps = window.steps();
    int chunks = (steps + chunkSteps - 1) / chunkSteps;
    Map<String, QueryResult[]> byQuery = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<?>> pending = new ArrayList<>();
      for (String query : queries) {
        QueryResult[] results = new QueryResult[steps];
        byQuery.put(query, results);
        for (int chunk = 0; chunk < chunks; chunk++) {
          int first = chunk * chunkSteps;
          int last = Math.min(steps, first + chunkSteps) - 1;
          pending.add(
              pool.submit(
                  () -> {
                    RangeResult range =
                        client
                            .queryRange(
                                settings, query, window.at(first), window.at(last), window.step())
                            .join();
                    fill(results, range, window, first, last);
                    done.accept(queries.size() * chunks);
                  }));
        }
      }
      for (Future<?> future : pending) {
        future.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("fetching the window failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    Map<String, List<QueryResult>> out = new LinkedHashMap<>();
    byQuery.forEach((query, results) -> out.put(query, List.of(results)));
    return out;
  }

  /** One chunk's result into the steps it covers: vectors of the series that had a sample. */
  private static void fill(
      QueryResult[] results, RangeResult range, Window window, int first, int last) {
    if (range instanceof RangeResult.Failed failed) {
      Arrays.fill(results, first, last + 1, failed.failure());
      return;
    }
    int count = last - first + 1;
    List<List<Double>> values = new ArrayList<>(count);
    List<List<String>> labels = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(new ArrayList<>());
      labels.add(new ArrayList<>());
    }
    long from = window.from().toEpochMilli();
    long step = window.step().toMillis();
    for (RangeResult.Series series : ((RangeResult.Matrix) range).series()) {
      for (int k = 0; k < series.times().length; k++) {
        long offset = series.times()[k] - from;
        int index = (int) Math.round(offset / (double) step) - first;
        if (index >= 0 && index < count) {
          values.get(index).add(series.values()[k]);
          labels.get(index).add(series.labels());
        }
      }
    }
    for (int i = 0; i < count; i++) {
      results[first + i] = new QueryResult.Vector(values.get(i), labels.get(i));
    }
  }
}
