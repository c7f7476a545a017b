package dev.lkscaler.grpc;

import static dev.lkscaler.testing.Refs.metrics;
import static dev.lkscaler.testing.Refs.ref;
import static dev.lkscaler.testing.Statuses.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.Scaler;
import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.testing.Exposition;
import dev.lkscaler.testing.FakePrometheus;
import dev.lkscaler.testing.Scalers;
import io.grpc.ManagedChannel;
import io.grpc.Status;
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
  private Scaler scaler;

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
    this.scaler = scaler;
    ManagedChannel channel = Scalers.channel(scaler);
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
    int before = fake.requests();
    // with a good decision on record: that decision, in time, once a call outlives the 100 ms TTL
    // and has to ask the held Prometheus (calls within the TTL are answered from the cache)
    await("a call asks the held Prometheus")
        .until(
            () -> {
              long started = System.nanoTime();
              assertThat(getMetrics(stub.withDeadlineAfter(1, TimeUnit.SECONDS), "known"))
                  .isEqualTo(2);
              assertThat(Duration.ofNanos(System.nanoTime() - started))
                  .isLessThan(Duration.ofSeconds(1));
              return fake.requests() > before;
            });

    // without one: UNAVAILABLE with the cause, in time, not DEADLINE_EXCEEDED
    long started = System.nanoTime();
    assertFailsWith(
            () -> getMetrics(stub.withDeadlineAfter(1, TimeUnit.SECONDS), "unknown"),
            Status.Code.UNAVAILABLE)
        .startsWith("agents/load: no reply from Prometheus within the call's deadline (");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void withoutADeadlineTheQueryTimeoutBoundsTheCall() throws Exception {
    FakePrometheus fake = new FakePrometheus();
    ExternalScalerGrpc.ExternalScalerBlockingStub stub = start(fake, "1s");
    fake.hold();
    long started = System.nanoTime();
    // KEDA's poll path sends no deadline
    assertFailsWith(() -> getMetrics(stub, "poll"), Status.Code.UNAVAILABLE)
        .startsWith("agents/load: Prometheus did not answer within 2s");
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
    // every call has reached the scaler's query while the first request is held
    await("100 calls in flight")
        .until(
            () ->
                Exposition.current(
                        scaler.httpPort(), "lkscaler_grpc_calls_in_flight{method=\"GetMetrics\"}")
                    == 100);
    assertThat(fake.requests()).isEqualTo(1);
    fake.release();
    for (CompletableFuture<Long> answer : answers) {
      assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(6);
    }
    assertThat(
            Exposition.current(
                scaler.httpPort(), "lkscaler_grpc_calls_in_flight{method=\"GetMetrics\"}"))
        .as("answered calls leave the gauge")
        .isZero();
    // and within the TTL, the cached sample serves later calls
    assertThat(getMetrics(stub, "late")).isEqualTo(6);
    assertThat(fake.requests()).isEqualTo(1);
    pool.shutdown();
  }
}
