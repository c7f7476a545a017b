package dev.lkscaler.bench;

import dev.lkscaler.Scaler;
import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.proto.externalscaler.GetMetricsRequest;
import dev.lkscaler.proto.externalscaler.ScaledObjectRef;
import dev.lkscaler.testing.LiveKitExporter;
import dev.lkscaler.testing.RealPrometheus;
import dev.lkscaler.testing.Refs;
import dev.lkscaler.testing.Scalers;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The queries a real Prometheus serves while N ScaledObjects call as KEDA does, compressed in time:
 * every polling interval GetMetricSpec, GetMetrics and IsActive for each, and GetMetrics and
 * IsActive again at each HPA sync, half an interval later. Counted from the server's own {@code
 * prometheus_http_requests_total{handler="/api/v1/query"}}, against what KEDA's built-in Prometheus
 * scaler sends for the same calls: one query per GetMetrics.
 */
final class PrometheusLoadBench {
  /** One case: N ScaledObjects over some namespaces. */
  record Case(int scaledObjects, int namespaces) {}

  record Budget(List<Case> cases, Duration duration, Duration interval, Duration ttl) {
    static final Budget FULL =
        new Budget(
            List.of(new Case(10, 1), new Case(100, 1), new Case(1000, 1), new Case(1000, 50)),
            Duration.ofSeconds(20),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    static final Budget SMOKE =
        new Budget(
            List.of(new Case(20, 2)),
            Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
  }

  private PrometheusLoadBench() {}

  static List<Figure> run(Budget budget) throws Exception {
    List<Figure> figures = new ArrayList<>();
    try (LiveKitExporter exporter = new LiveKitExporter()) {
      for (int ns = 0; ns < 50; ns++) {
        for (int pod = 0; pod < 3; pod++) {
          exporter.set(
              "lk_agents_worker_load", Map.of("namespace", "ns-" + ns, "pod", "agent-" + pod), 0.4);
        }
      }
      long t0 = System.nanoTime();
      try (RealPrometheus prometheus = RealPrometheus.start(List.of(exporter.target()))) {
        prometheus.await(
            "count(lk_agents_worker_load)",
            body -> body.contains("\"150\""),
            Duration.ofSeconds(30));
        Bench.progress("Prometheus up, the series scraped", t0);
        for (Case c : budget.cases()) {
          long t1 = System.nanoTime();
          figures.addAll(oneCase(prometheus, c, budget));
          Bench.progress(c.scaledObjects() + " ScaledObjects over " + c.namespaces(), t1);
        }
      }
    }
    return figures;
  }

  private static List<Figure> oneCase(RealPrometheus prometheus, Case c, Budget budget)
      throws Exception {
    String policy =
        """
        prometheus: {url: %s, timeout: 2s}
        cache: {ttl: %ds}
        policies:
          agents:
            signals:
              - {name: load, type: utilization, query: 'lk_agents_worker_load{namespace="{{namespace}}"}'}
        """
            .formatted(prometheus.url(), budget.ttl().toSeconds());
    Scaler scaler = Scalers.fromText(policy);
    ManagedChannel channel = Scalers.channel(scaler);
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    try {
      ExternalScalerGrpc.ExternalScalerStub keda = ExternalScalerGrpc.newStub(channel);
      Calls calls = new Calls();
      long intervalNanos = budget.interval().toNanos();
      int rounds = (int) (budget.duration().toNanos() / intervalNanos);
      long before = prometheus.queryRequestsServed();
      for (int i = 0; i < c.scaledObjects(); i++) {
        ScaledObjectRef ref = Refs.ref("ns-" + (i % c.namespaces()), "so-" + i, "policy", "agents");
        // each ScaledObject on its own timer, as KEDA runs one loop per ScaledObject: spread
        // over the interval, not in lockstep
        long phase = intervalNanos * i / c.scaledObjects();
        for (int round = 0; round < rounds; round++) {
          long at = phase + round * intervalNanos;
          timers.schedule(() -> calls.poll(keda, ref), at, TimeUnit.NANOSECONDS);
          timers.schedule(
              () -> calls.sync(keda, ref), at + intervalNanos / 2, TimeUnit.NANOSECONDS);
        }
      }
      timers.shutdown();
      if (!timers.awaitTermination(budget.duration().toSeconds() + 60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the calls did not all start in time");
      }
      calls.awaitAnswered();
      long getMetricsCalls = calls.getMetrics.get();
      long served = prometheus.queryRequestsServed() - before;
      double expected =
          c.namespaces()
              * Math.ceil(budget.duration().toMillis() / (double) budget.ttl().toMillis());
      String label = "N=" + c.scaledObjects() + " over " + c.namespaces() + " namespace(s)";
      return List.of(
          Figure.against(
              "Prometheus queries, " + label,
              served,
              "queries",
              "≈ " + Math.round(expected) + " ±10 %",
              Math.abs(served - expected) <= 0.1 * expected),
          builtInRatio(label, getMetricsCalls / (double) Math.max(1, served), c));
    } finally {
      timers.shutdownNow();
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      scaler.stop(Duration.ofSeconds(2));
    }
  }

  /** The target applies at N = 1,000 on one namespace; other cases are reported. */
  private static Figure builtInRatio(String label, double ratio, Case c) {
    String name = "built-in scaler ÷ lkscaler, " + label;
    return c.scaledObjects() >= 1000 && c.namespaces() == 1
        ? Figure.against(name, ratio, "×", "≥ 100", ratio >= 100)
        : Figure.reported(name, ratio, "×");
  }

  /** KEDA's calls for one ScaledObject, counting the GetMetrics calls. */
  private static final class Calls {
    final AtomicLong getMetrics = new AtomicLong();
    private final InFlight inFlight = new InFlight(Integer.MAX_VALUE);

    /** KEDA's poll: the spec, the metric and whether it is active. */
    void poll(ExternalScalerGrpc.ExternalScalerStub keda, ScaledObjectRef ref) {
      try {
        keda.withDeadlineAfter(3, TimeUnit.SECONDS).getMetricSpec(ref, inFlight.start());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      sync(keda, ref);
    }

    /** The HPA's sync: the metric, and whether it is active. */
    void sync(ExternalScalerGrpc.ExternalScalerStub keda, ScaledObjectRef ref) {
      getMetrics.incrementAndGet();
      GetMetricsRequest request = Refs.metrics(ref, "lkscaler-agents");
      try {
        keda.withDeadlineAfter(3, TimeUnit.SECONDS).getMetrics(request, inFlight.start());
        keda.withDeadlineAfter(3, TimeUnit.SECONDS).isActive(ref, inFlight.start());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void awaitAnswered() throws InterruptedException {
      inFlight.awaitAll(Duration.ofSeconds(30));
    }
  }
}
