package dev.lkscaler.bench;

import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.proto.externalscaler.GetMetricsRequest;
import dev.lkscaler.proto.externalscaler.GetMetricsResponse;
import dev.lkscaler.proto.externalscaler.ScaledObjectRef;
import dev.lkscaler.testing.Refs;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * GetMetrics and IsActive answered from a fresh cache, against gRPC's health Check on the same
 * server and channel (the floor: a unary call that does nothing), and unary throughput at
 * saturation. One server, one run: the shipped process that {@link ProcessBench} starts.
 */
final class RpcBench {
  /** How long the benchmark runs each part. */
  record Budget(
      int warmupCalls, int measuredCalls, Duration throughput, List<Integer> inFlightLevels) {
    static final Budget FULL =
        new Budget(20_000, 20_000, Duration.ofSeconds(5), List.of(8, 16, 32, 64));
    static final Budget SMOKE = new Budget(100, 100, Duration.ofMillis(250), List.of(16));
  }

  private RpcBench() {}

  /** Measures the scaler behind this channel; its policy {@code agents} must answer. */
  static List<Figure> measure(ManagedChannel channel, Budget budget) throws Exception {
    ExternalScalerGrpc.ExternalScalerBlockingStub keda =
        ExternalScalerGrpc.newBlockingStub(channel);
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
    ScaledObjectRef ref = Refs.ref("livekit", "agents", "policy", "agents");
    GetMetricsRequest metrics = Refs.metrics(ref, "lkscaler-agents");
    HealthCheckRequest check =
        HealthCheckRequest.newBuilder().setService("externalscaler.ExternalScaler").build();
    GetMetricsResponse first = keda.getMetrics(metrics);
    if (first.getMetricValuesCount() != 1 || first.getMetricValues(0).getMetricValue() < 1) {
      throw new IllegalStateException("expected a decision of some replicas, got " + first);
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

  /** Calls per second and p99 latency of one kind of call, a fixed number in flight. */
  record Rate(double perSecond, double p99Millis) {}

  /** Starts one call and tells the listener when it has ended, well or not. */
  @FunctionalInterface
  interface Caller {
    void call(StreamObserver<Object> done);
  }

  /**
   * Throughput at each number of calls in flight, GetMetrics and the floor alike. The target row
   * takes the most calls per second among the levels whose p99 stays under 5 ms: past the knee,
   * more in flight only queue (Little's law: latency = in flight ÷ rate).
   */
  private static List<Figure> throughput(
      ManagedChannel channel, GetMetricsRequest request, Budget budget) throws Exception {
    ExternalScalerGrpc.ExternalScalerStub keda = ExternalScalerGrpc.newStub(channel);
    HealthGrpc.HealthStub health = HealthGrpc.newStub(channel);
    HealthCheckRequest check =
        HealthCheckRequest.newBuilder().setService("externalscaler.ExternalScaler").build();
    // the asynchronous path warmed as the sequential one was: not reported
    int most = budget.inFlightLevels().get(budget.inFlightLevels().size() - 1);
    rate(done -> health.check(check, observer(done)), most, budget);
    rate(done -> keda.getMetrics(request, observer(done)), most, budget);
    List<Figure> figures = new ArrayList<>();
    double best = 0;
    double bestP99 = Double.NaN;
    for (int inFlight : budget.inFlightLevels()) {
      Rate floor = rate(done -> health.check(check, observer(done)), inFlight, budget);
      Rate metrics = rate(done -> keda.getMetrics(request, observer(done)), inFlight, budget);
      String at = " (" + inFlight + " in flight)";
      figures.add(Figure.reported("health Check calls/s" + at, floor.perSecond(), "calls/s"));
      figures.add(Figure.reported("health Check p99" + at, floor.p99Millis(), "ms"));
      figures.add(Figure.reported("GetMetrics calls/s" + at, metrics.perSecond(), "calls/s"));
      figures.add(Figure.reported("GetMetrics p99" + at, metrics.p99Millis(), "ms"));
      if (metrics.p99Millis() < 5 && metrics.perSecond() > best) {
        best = metrics.perSecond();
        bestP99 = metrics.p99Millis();
      }
    }
    figures.add(
        Figure.against(
            "GetMetrics calls/s with p99 < 5 ms (best level)",
            best,
            "calls/s",
            "≥ 20000",
            best >= 20_000));
    figures.add(Figure.reported("its p99", Double.isNaN(bestP99) ? 0 : bestP99, "ms"));
    return figures;
  }

  private static <T> StreamObserver<T> observer(StreamObserver<Object> done) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {}

      @Override
      public void onError(Throwable t) {
        done.onError(t);
      }

      @Override
      public void onCompleted() {
        done.onCompleted();
      }
    };
  }

  /** The budget's time of calls with a fixed number in flight. */
  private static Rate rate(Caller caller, int level, Budget budget) throws InterruptedException {
    Semaphore inFlight = new Semaphore(level);
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong failures = new AtomicLong();
    long started = System.nanoTime();
    long end = started + budget.throughput().toNanos();
    long calls = 0;
    while (System.nanoTime() < end) {
      inFlight.acquire();
      long t0 = System.nanoTime();
      calls++;
      caller.call(
          new StreamObserver<>() {
            @Override
            public void onNext(Object value) {}

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
    inFlight.acquire(level);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " of " + calls + " calls failed");
    }
    long[] all = latencies.stream().mapToLong(Long::longValue).toArray();
    return new Rate(all.length / seconds, percentile(all, 99) / 1e6);
  }

  static double percentile(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
