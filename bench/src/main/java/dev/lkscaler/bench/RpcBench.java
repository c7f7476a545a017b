package dev.lkscaler.bench;

import dev.lkscaler.Scaler;
import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.proto.externalscaler.GetMetricsRequest;
import dev.lkscaler.proto.externalscaler.GetMetricsResponse;
import dev.lkscaler.proto.externalscaler.ScaledObjectRef;
import dev.lkscaler.testing.FakePrometheus;
import dev.lkscaler.testing.Refs;
import dev.lkscaler.testing.Scalers;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GetMetrics and IsActive answered from a fresh cache, against gRPC's health Check on the same
 * server and channel (the floor: a unary call that does nothing), and unary throughput at
 * saturation. One server, one run.
 */
final class RpcBench {
  /** How long the benchmark runs each part. */
  record Budget(int warmupCalls, int measuredCalls, Duration throughput, int inFlight) {
    static final Budget FULL = new Budget(20_000, 20_000, Duration.ofSeconds(10), 64);
    static final Budget SMOKE = new Budget(500, 500, Duration.ofSeconds(2), 16);
  }

  private static final String POLICY =
      """
      prometheus: {url: %s, timeout: 2s}
      cache: {ttl: 1h, lastKnownGoodFor: 2h}
      policies:
        agents:
          signals:
            - {name: load, type: utilization, query: 'lk_agents_worker_load{namespace="{{namespace}}"}'}
      """;

  private RpcBench() {}

  static List<Figure> run(Budget budget) throws Exception {
    try (FakePrometheus prometheus =
        new FakePrometheus().replyToAll(200, FakePrometheus.vectorBody("0.4", "0.5", "0.3"))) {
      Scaler scaler = Scalers.fromText(POLICY.formatted(prometheus.url()));
      ManagedChannel channel = Scalers.channel(scaler);
      try {
        return measure(channel, budget);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        scaler.stop(Duration.ofSeconds(2));
      }
    }
  }

  private static List<Figure> measure(ManagedChannel channel, Budget budget) throws Exception {
    ExternalScalerGrpc.ExternalScalerBlockingStub keda =
        ExternalScalerGrpc.newBlockingStub(channel);
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
    ScaledObjectRef ref = Refs.ref("livekit", "agents", "policy", "agents");
    GetMetricsRequest metrics = Refs.metrics(ref, "lkscaler-agents");
    HealthCheckRequest check =
        HealthCheckRequest.newBuilder().setService("externalscaler.ExternalScaler").build();
    GetMetricsResponse first = keda.getMetrics(metrics);
    if (first.getMetricValues(0).getMetricValue() != 3) {
      throw new IllegalStateException("expected a decision of 3 replicas, got " + first);
    }
    for (int i = 0; i < budget.warmupCalls(); i++) {
      keda.getMetrics(metrics);
      keda.isActive(ref);
      health.check(check);
    }
    // interleaved, so the three see the same JIT, GC and machine
    long[] getMetrics = new long[budget.measuredCalls()];
    long[] isActive = new long[budget.measuredCalls()];
    long[] floor = new long[budget.measuredCalls()];
    for (int i = 0; i < budget.measuredCalls(); i++) {
      long t0 = System.nanoTime();
      keda.getMetrics(metrics);
      long t1 = System.nanoTime();
      keda.isActive(ref);
      long t2 = System.nanoTime();
      health.check(check);
      long t3 = System.nanoTime();
      getMetrics[i] = t1 - t0;
      isActive[i] = t2 - t1;
      floor[i] = t3 - t2;
    }
    double floorP50 = percentile(floor, 50);
    double floorP99 = percentile(floor, 99);
    double metricsP50 = percentile(getMetrics, 50);
    double metricsP99 = percentile(getMetrics, 99);
    double activeP50 = percentile(isActive, 50);
    double activeP99 = percentile(isActive, 99);
    List<Figure> figures = new ArrayList<>();
    figures.add(Figure.reported("health Check p50 (the floor)", floorP50 / 1000, "µs"));
    figures.add(Figure.reported("health Check p99", floorP99 / 1000, "µs"));
    figures.add(Figure.reported("GetMetrics p50", metricsP50 / 1000, "µs"));
    figures.add(Figure.reported("GetMetrics p99", metricsP99 / 1000, "µs"));
    figures.add(Figure.reported("IsActive p50", activeP50 / 1000, "µs"));
    figures.add(Figure.reported("IsActive p99", activeP99 / 1000, "µs"));
    figures.add(
        Figure.against(
            "GetMetrics p50 ÷ floor p50",
            metricsP50 / floorP50,
            "×",
            "≤ 1.3",
            metricsP50 / floorP50 <= 1.3));
    figures.add(
        Figure.against(
            "GetMetrics p99 ÷ floor p99",
            metricsP99 / floorP99,
            "×",
            "≤ 2",
            metricsP99 / floorP99 <= 2));
    figures.add(
        Figure.against(
            "IsActive p50 ÷ floor p50",
            activeP50 / floorP50,
            "×",
            "≤ 1.3",
            activeP50 / floorP50 <= 1.3));
    figures.add(
        Figure.against(
            "IsActive p99 ÷ floor p99",
            activeP99 / floorP99,
            "×",
            "≤ 2",
            activeP99 / floorP99 <= 2));
    figures.addAll(throughput(channel, metrics, budget));
    return figures;
  }

  /** GetMetrics with a fixed number in flight for the budget's time: calls per second and p99. */
  private static List<Figure> throughput(
      ManagedChannel channel, GetMetricsRequest request, Budget budget) throws Exception {
    ExternalScalerGrpc.ExternalScalerStub async = ExternalScalerGrpc.newStub(channel);
    Semaphore inFlight = new Semaphore(budget.inFlight());
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong failures = new AtomicLong();
    long end = System.nanoTime() + budget.throughput().toNanos();
    long started = System.nanoTime();
    long calls = 0;
    while (System.nanoTime() < end) {
      inFlight.acquire();
      long t0 = System.nanoTime();
      calls++;
      async.getMetrics(
          request,
          new StreamObserver<>() {
            @Override
            public void onNext(GetMetricsResponse value) {}

            @Override
            public void onError(Throwable t) {
              failures.incrementAndGet();
              inFlight.release();
            }

            @Override
            public void onCompleted() {
              latencies.add(System.nanoTime() - t0);
              inFlight.release();
            }
          });
    }
    inFlight.acquire(budget.inFlight());
    double seconds = (System.nanoTime() - started) / 1e9;
    long[] all = latencies.stream().mapToLong(Long::longValue).toArray();
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " of " + calls + " calls failed");
    }
    double perSecond = all.length / seconds;
    double p99 = percentile(all, 99) / 1e6;
    return List.of(
        Figure.against(
            "unary calls per second (" + budget.inFlight() + " in flight)",
            perSecond,
            "calls/s",
            "≥ 20000",
            perSecond >= 20_000),
        Figure.against("p99 at that rate", p99, "ms", "< 5", p99 < 5));
  }

  static double percentile(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
