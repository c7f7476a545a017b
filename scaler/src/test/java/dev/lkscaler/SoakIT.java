package dev.lkscaler;

import static dev.lkscaler.testing.Refs.metrics;
import static dev.lkscaler.testing.Refs.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.proto.externalscaler.IsActiveResponse;
import dev.lkscaler.proto.externalscaler.ScaledObjectRef;
import dev.lkscaler.testing.Exposition;
import dev.lkscaler.testing.LiveKitExporter;
import dev.lkscaler.testing.RealPrometheus;
import dev.lkscaler.testing.Scalers;
import dev.lkscaler.testing.ServeProcess;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded soak of the shipped jar: 2,000 unary calls a second, 500 open StreamIsActive streams, a
 * policy reload every 3 s and the real Prometheus restarted twice, for 60 s (set {@code
 * -Dlkscaler.soak.seconds=600} for longer). Then SIGTERM under that load. No unexpected error, a
 * steady thread count, a heap after GC within 10 % from start to end, every stream open or cleanly
 * ended, and the documented exit code.
 */
class SoakIT {
  private static final int CALLS_PER_SECOND = 2_000;
  private static final int STREAMS = 500;
  private static final int SCALED_OBJECTS = 100;

  @TempDir Path dir;

  private static String policy(RealPrometheus prometheus, double scaleUpAt) {
    return """
        prometheus: {url: '%s', timeout: 1s}
        cache: {ttl: 1s, lastKnownGoodFor: 2m}
        policies:
          agents:
            minReplicas: 1
            signals:
              - {name: load, type: utilization, query: 'lk_agents_worker_load{namespace="{{namespace}}"}', scaleUpAt: %s, outOfServiceAt: 0.7}
          sip:
            minReplicas: 1
            signals:
              - {name: calls, type: capacity, query: 'sum(livekit_sip_calls_active{namespace="{{namespace}}"})', capacityPerReplica: 20, targetUtilization: 0.7}
        """
        .formatted(prometheus.url(), scaleUpAt);
  }

  /** How each stream ended, or that it has not. */
  private static final class Streams {
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    final Map<String, Long> failed = new ConcurrentHashMap<>();
    final LongAdder messages = new LongAdder();

    StreamObserver<IsActiveResponse> observer() {
      open.incrementAndGet();
      return new StreamObserver<>() {
        @Override
        public void onNext(IsActiveResponse value) {
          messages.increment();
        }

        @Override
        public void onError(Throwable t) {
          open.decrementAndGet();
          failed.merge(Status.fromThrowable(t).getCode().name(), 1L, Long::sum);
        }

        @Override
        public void onCompleted() {
          open.decrementAndGet();
          completed.incrementAndGet();
        }
      };
    }
  }

  /** Unary calls sent at a fixed rate, their answers counted by status. */
  private static final class Load {
    final Map<String, Long> statuses = new ConcurrentHashMap<>();
    final LongAdder answered = new LongAdder();
    final Semaphore inFlight = new Semaphore(4_000);
    final AtomicLong sent = new AtomicLong();
    volatile boolean paused;

    /** Answers other than OK, by second of the run. */
    final Map<Long, Long> failuresBySecond = new ConcurrentHashMap<>();

    final long startedNanos = System.nanoTime();

    void count(Status.Code code) {
      if (code != Status.Code.OK) {
        failuresBySecond.merge((System.nanoTime() - startedNanos) / 1_000_000_000L, 1L, Long::sum);
      }
      statuses.merge(code.name(), 1L, Long::sum);
      answered.increment();
      inFlight.release();
    }

    <T> StreamObserver<T> observer() {
      return new StreamObserver<>() {
        @Override
        public void onNext(T value) {}

        @Override
        public void onError(Throwable t) {
          count(Status.fromThrowable(t).getCode());
        }

        @Override
        public void onCompleted() {
          count(Status.Code.OK);
        }
      };
    }

    void send(ExternalScalerGrpc.ExternalScalerStub stub) {
      long n = sent.getAndIncrement();
      if (!inFlight.tryAcquire()) {
        statuses.merge("NOT_SENT_BACKLOG", 1L, Long::sum);
        return;
      }
      String policy = n % 2 == 0 ? "agents" : "sip";
      ScaledObjectRef so = ref("livekit", "so-" + (n % SCALED_OBJECTS), "policy", policy);
      ExternalScalerGrpc.ExternalScalerStub call = stub.withDeadlineAfter(3, TimeUnit.SECONDS);
      switch ((int) (n % 5)) {
        case 0, 1 -> call.getMetrics(metrics(so, "lkscaler-" + policy), observer());
        case 2, 3 -> call.isActive(so, observer());
        default -> call.getMetricSpec(so, observer());
      }
    }
  }

  private static double metric(int httpPort, String series) throws Exception {
    return Exposition.current(httpPort, series);
  }

  /**
   * The child's heap after a full collection: what its heap pools held after the collection, from
   * its own JVM metrics. The load pauses for it, so that the numbers are those of the same moment
   * of the run; every call sent is answered first.
   */
  private static double heapAfterGc(Process process, int httpPort, Load load) throws Exception {
    load.paused = true;
    try {
      await("the calls in flight are answered")
          .atMost(Duration.ofSeconds(10))
          .until(() -> load.inFlight.availablePermits() == 4_000);
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process gc =
          new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "GC.run")
              .redirectErrorStream(true)
              .start();
      String out = new String(gc.getInputStream().readAllBytes());
      assertThat(gc.waitFor()).as("jcmd GC.run: %s", out).isZero();
      String scrape = Exposition.scrape(httpPort);
      double heap = 0;
      for (String pool : List.of("G1 Eden Space", "G1 Old Gen", "G1 Survivor Space")) {
        heap += Exposition.sum(scrape, "jvm_memory_pool_collection_used_bytes", "pool", pool);
      }
      return heap;
    } finally {
      load.paused = false;
    }
  }

  @Test
  void sixtySecondsOfLoadReloadsAndRestartsThenAStopUnderLoad() throws Exception {
    int seconds = Integer.getInteger("lkscaler.soak.seconds", 60);
    try (LiveKitExporter exporter = new LiveKitExporter();
        RealPrometheus prometheus = RealPrometheus.start(List.of(exporter.target()))) {
      double[] loads = {0.9, 0.8, 0.6, 0.5};
      for (int i = 0; i < loads.length; i++) {
        exporter.set(
            "lk_agents_worker_load",
            Map.of("namespace", "livekit", "pod", "agents-" + i, "nodename", "agents-" + i),
            loads[i]);
      }
      exporter.set("livekit_sip_calls_active", Map.of("namespace", "livekit", "node_id", "s"), 30);
      prometheus.await(
          "count(lk_agents_worker_load)", body -> body.contains("\"4\""), Duration.ofSeconds(20));

      Path config = dir.resolve("policy.yaml");
      Files.writeString(config, policy(prometheus, 0.5));
      int grpcPort = RealPrometheus.freePort();
      int httpPort = RealPrometheus.freePort();
      Path log = dir.resolve("lkscaler.log");
      Process process =
          ServeProcess.builder(config, grpcPort, httpPort, log, "--shutdown-grace", "5s").start();
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
      ScheduledExecutorService driver = Executors.newScheduledThreadPool(2);
      try {
        Scalers.awaitReady(httpPort, Duration.ofSeconds(20), process, log);
        ExternalScalerGrpc.ExternalScalerStub stub = ExternalScalerGrpc.newStub(channel);
        Streams streams = new Streams();
        for (int i = 0; i < STREAMS; i++) {
          stub.streamIsActive(
              ref("livekit", "stream-" + i, "policy", i % 2 == 0 ? "agents" : "sip"),
              streams.observer());
        }
        Load load = new Load();
        // 20 calls every 10 ms, reached over the first 10 s as a cold JVM warms up
        long rampStart = System.nanoTime();
        driver.scheduleAtFixedRate(
            () -> {
              if (load.paused) {
                return;
              }
              double ramp = Math.min(1, (System.nanoTime() - rampStart) / 10e9);
              for (int i = 0; i < Math.ceil(ramp * CALLS_PER_SECOND / 100); i++) {
                load.send(stub);
              }
            },
            0,
            10,
            TimeUnit.MILLISECONDS);
        AtomicInteger reloads = new AtomicInteger();
        driver.scheduleAtFixedRate(
            () -> {
              try {
                int n = reloads.incrementAndGet();
                Files.writeString(config, policy(prometheus, n % 2 == 0 ? 0.5 : 0.45));
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            3,
            3,
            TimeUnit.SECONDS);

        long start = System.nanoTime();
        await("warm: the full rate, every ScaledObject and stream answered")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    System.nanoTime() - rampStart > 12e9
                        && load.answered.sum() > 10L * SCALED_OBJECTS
                        && streams.messages.sum() >= STREAMS);
        double heapBefore = heapAfterGc(process, httpPort, load);
        double threadsBefore = metric(httpPort, "jvm_threads_current");
        long fullRateFrom = System.nanoTime();
        long answeredFrom = load.answered.sum();

        // two restarts of the real Prometheus, at a third and two thirds of the run
        for (int restart = 1; restart <= 2; restart++) {
          long at = start + TimeUnit.SECONDS.toNanos(seconds * restart / 3);
          await("restart " + restart + " is due")
              .atMost(Duration.ofSeconds(seconds))
              .pollInterval(Duration.ofMillis(200))
              .until(() -> System.nanoTime() >= at);
          prometheus.stop();
          prometheus.start();
          System.out.printf(
              "soak: Prometheus restarted at %d s of the load%n",
              (System.nanoTime() - load.startedNanos) / 1_000_000_000L);
        }
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        await("the soak runs its time")
            .atMost(Duration.ofSeconds(seconds + 10))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> System.nanoTime() >= end);
        double fullRate =
            (load.answered.sum() - answeredFrom) / ((System.nanoTime() - fullRateFrom) / 1e9);
        double heapAfter = heapAfterGc(process, httpPort, load);
        double threadsAfter = metric(httpPort, "jvm_threads_current");
        Map<String, Long> statusesBeforeStop = Map.copyOf(load.statuses);
        double elapsed = (System.nanoTime() - start) / 1e9;

        // SIGTERM under the same load
        process.destroy();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        driver.shutdownNow();
        await("streams end").atMost(Duration.ofSeconds(10)).until(() -> streams.open.get() == 0);

        System.out.printf(
            "soak: failures by second %s%n", new java.util.TreeMap<>(load.failuresBySecond));
        System.out.printf(
            "soak: %.0f s, %d unary calls answered (%.0f/s at the full rate), statuses %s, %d stream"
                + " messages,"
                + " %d reloads, threads %.0f -> %.0f, heap after GC %.1f -> %.1f MiB,"
                + " streams at stop: %d completed, failed %s, exit %d%n",
            elapsed,
            load.answered.sum(),
            fullRate,
            statusesBeforeStop,
            streams.messages.sum(),
            reloads.get(),
            threadsBefore,
            threadsAfter,
            heapBefore / (1 << 20),
            heapAfter / (1 << 20),
            streams.completed.get(),
            streams.failed,
            process.exitValue());

        assertThat(statusesBeforeStop).as("unary answers before the stop").containsOnlyKeys("OK");
        assertThat(fullRate)
            .as("unary calls answered per second at the full rate")
            .isGreaterThan(CALLS_PER_SECOND * 0.95);
        assertThat(threadsAfter).as("threads").isLessThanOrEqualTo(threadsBefore + 4);
        assertThat(Math.abs(heapAfter - heapBefore))
            .as("heap after GC, start to end")
            .isLessThanOrEqualTo(heapBefore * 0.10);
        assertThat(streams.completed.get())
            .as("streams ended cleanly at the stop")
            .isEqualTo(STREAMS);
        assertThat(streams.failed).isEmpty();
        // calls in flight at the stop finished; the ones after it were refused, never cut
        assertThat(load.statuses).containsOnlyKeys("OK", "UNAVAILABLE");
        assertThat(process.exitValue()).isEqualTo(143);
        assertThat(Files.readString(log)).contains("stopping: no new calls").contains("stopped");
      } finally {
        driver.shutdownNow();
        channel.shutdownNow();
        process.destroyForcibly();
      }
    }
  }
}
