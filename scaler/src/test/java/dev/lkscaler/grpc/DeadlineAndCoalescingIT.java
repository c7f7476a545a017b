package dev.lkscaler.grpc;

import static dev.lkscaler.testing.Refs.metrics;
import static dev.lkscaler.testing.Refs.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lkscaler.Scaler;
import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.testing.FakePrometheus;
import dev.lkscaler.testing.Scalers;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a real Prometheus cannot be made to do on cue: hang, or hold a request while others pile up.
 */
class DeadlineAndCoalescingIT {
  private final List<AutoCloseable> toClose = new ArrayList<>();

  private ExternalScalerGrpc.ExternalScalerBlockingStub start(FakePrometheus fake, String ttl)
      throws Exception {
    String policy =
        """
        prometheus: {url: %s, timeout: 2s}
        cache: {ttl: %s, lastKnownGoodFor: 1m}
        policies:
          agents:
            signals:
              - {name: load, type: utilization, query: 'lk_agents_worker_load{namespace="{{namespace}}"}'}
        """
            .formatted(fake.url(), ttl);
    Scaler scaler = Scalers.fromText(policy);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", scaler.grpcPort()).usePlaintext().build();
    toClose.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    toClose.add(() -> scaler.stop(Duration.ofSeconds(1)));
    toClose.add(fake);
    return ExternalScalerGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
  }

  private static long getMetrics(ExternalScalerGrpc.ExternalScalerBlockingStub stub, String name) {
    return stub.getMetrics(metrics(ref("livekit", name, "policy", "agents"), "lkscaler-agents"))
        .getMetricValues(0)
        .getMetricValue();
  }

  @Test
  void answersBeforeTheCallersDeadlineWhenPrometheusHangs() throws Exception {
    FakePrometheus fake = new FakePrometheus().replyToAll(200, FakePrometheus.vectorBody("0.9"));
    ExternalScalerGrpc.ExternalScalerBlockingStub stub = start(fake, "100ms");
    assertThat(getMetrics(stub.withDeadlineAfter(3, TimeUnit.SECONDS), "known")).isEqualTo(2);

    fake.hold();
    Thread.sleep(150);
    long started = System.nanoTime();
    // with a good decision on record: that decision, in time
    assertThat(getMetrics(stub.withDeadlineAfter(1, TimeUnit.SECONDS), "known")).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

    // without one: UNAVAILABLE with the cause, in time, not DEADLINE_EXCEEDED
    started = System.nanoTime();
    assertThatThrownBy(() -> getMetrics(stub.withDeadlineAfter(1, TimeUnit.SECONDS), "unknown"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getStatus().getDescription())
                  .startsWith("agents/load: no reply from Prometheus within the call's deadline (");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void withoutADeadlineTheQueryTimeoutBoundsTheCall() throws Exception {
    FakePrometheus fake = new FakePrometheus();
    ExternalScalerGrpc.ExternalScalerBlockingStub stub = start(fake, "1s");
    fake.hold();
    long started = System.nanoTime();
    // KEDA's poll path sends no deadline
    assertThatThrownBy(() -> getMetrics(stub, "poll"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getStatus().getDescription())
                  .startsWith("agents/load: Prometheus did not answer within 2s");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isBetween(Duration.ofMillis(1900), Duration.ofMillis(2600));
  }

  @Test
  void concurrentCallsShareOneRequestInFlight() throws Exception {
    FakePrometheus fake =
        new FakePrometheus().replyToAll(200, FakePrometheus.vectorBody("0.9", "0.8", "0.6", "0.5"));
    ExternalScalerGrpc.ExternalScalerBlockingStub stub = start(fake, "5s");
    fake.hold();
    ExecutorService pool = Executors.newFixedThreadPool(100);
    List<CompletableFuture<Long>> answers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String name = "so-" + i;
      answers.add(
          CompletableFuture.supplyAsync(
              () -> getMetrics(stub.withDeadlineAfter(10, TimeUnit.SECONDS), name), pool));
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (fake.requests() == 0 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    Thread.sleep(500); // let every call arrive while the first request is held
    assertThat(fake.requests()).isEqualTo(1);
    fake.release();
    for (CompletableFuture<Long> answer : answers) {
      assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(6);
    }
    // and within the TTL, the cached sample serves later calls
    assertThat(getMetrics(stub, "late")).isEqualTo(6);
    assertThat(fake.requests()).isEqualTo(1);
    pool.shutdown();
  }
}
