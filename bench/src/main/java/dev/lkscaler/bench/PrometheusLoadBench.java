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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
            List.of(new Case(10, 1), new Case(20, 2)),
            Duration.ofSeconds(3),
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
      try (RealPrometheus prometheus = RealPrometheus.start(List.of(exporter.target()))) {
        prometheus.await(
            "count(lk_agents_worker_load)",
            body -> body.contains("\"150\""),
            Duration.ofSeconds(30));
        for (Case c : budget.cases()) {
          figures.addAll(oneCase(prometheus, c, budget));
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
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try {
      ExternalScalerGrpc.ExternalScalerBlockingStub keda =
          ExternalScalerGrpc.newBlockingStub(channel);
      List<ScaledObjectRef> refs = new ArrayList<>();
      for (int i = 0; i < c.scaledObjects(); i++) {
        refs.add(Refs.ref("ns-" + (i % c.namespaces()), "so-" + i, "policy", "agents"));
      }
      long before = prometheus.queryRequestsServed();
      long getMetricsCalls = 0;
      long start = System.nanoTime();
      long intervalNanos = budget.interval().toNanos();
      int rounds = (int) (budget.duration().toNanos() / intervalNanos);
      for (int round = 0; round < rounds; round++) {
        // the poll, then the HPA's sync half an interval later
        awaitUntil(start + round * intervalNanos);
        getMetricsCalls += calls(callers, keda, refs, true);
        awaitUntil(start + round * intervalNanos + intervalNanos / 2);
        getMetricsCalls += calls(callers, keda, refs, false);
      }
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
          Figure.against(
              "built-in scaler ÷ lkscaler, " + label,
              getMetricsCalls / (double) Math.max(1, served),
              "×",
              c.scaledObjects() >= 1000 && c.namespaces() == 1 ? "≥ 100" : "",
              !(c.scaledObjects() >= 1000 && c.namespaces() == 1)
                  || getMetricsCalls / (double) Math.max(1, served) >= 100));
    } finally {
      callers.shutdownNow();
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      scaler.stop(Duration.ofSeconds(2));
    }
  }

  /** Waits for a point in time: the pacing of the load itself, not a synchronisation. */
  private static void awaitUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  /** One round of every ScaledObject's calls; returns the GetMetrics calls made. */
  private static long calls(
      ExecutorService callers,
      ExternalScalerGrpc.ExternalScalerBlockingStub keda,
      List<ScaledObjectRef> refs,
      boolean poll)
      throws Exception {
    List<Future<?>> pending = new ArrayList<>();
    for (ScaledObjectRef ref : refs) {
      pending.add(
          callers.submit(
              () -> {
                ExternalScalerGrpc.ExternalScalerBlockingStub stub =
                    keda.withDeadlineAfter(3, TimeUnit.SECONDS);
                if (poll) {
                  stub.getMetricSpec(ref);
                }
                GetMetricsRequest request = Refs.metrics(ref, "lkscaler-agents");
                stub.getMetrics(request);
                stub.isActive(ref);
                return null;
              }));
    }
    for (Future<?> future : pending) {
      future.get();
    }
    return refs.size();
  }
}
