package dev.lkscaler;

import static dev.lkscaler.testing.Observers.collect;
import static dev.lkscaler.testing.Observers.complete;
import static dev.lkscaler.testing.Refs.metrics;
import static dev.lkscaler.testing.Refs.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.proto.externalscaler.GetMetricsResponse;
import dev.lkscaler.testing.Exposition;
import dev.lkscaler.testing.FakePrometheus;
import dev.lkscaler.testing.RealPrometheus;
import dev.lkscaler.testing.Scalers;
import dev.lkscaler.testing.ServeProcess;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped jar as a process: SIGTERM stops new calls, finishes those in flight, then exits. */
class ShutdownIT {
  @TempDir Path dir;

  @Test
  void sigtermFinishesCallsInFlightThenExits() throws Exception {
    try (FakePrometheus fake =
        new FakePrometheus().replyToAll(200, FakePrometheus.vectorBody("0.9", "0.8"))) {
      Path config = dir.resolve("policy.yaml");
      Files.writeString(
          config,
          """
          prometheus: {url: %s, timeout: 2s}
          policies:
            agents:
              signals:
                - {name: load, type: utilization, query: 'lk_agents_worker_load{namespace="{{namespace}}"}'}
          """
              .formatted(fake.url()));
      int grpcPort = RealPrometheus.freePort();
      int httpPort = RealPrometheus.freePort();
      Path log = dir.resolve("lkscaler.log");
      Process process = ServeProcess.builder(config, grpcPort, httpPort, log).start();
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
      try {
        Scalers.awaitReady(httpPort, Duration.ofSeconds(20), process, log);
        ExternalScalerGrpc.ExternalScalerStub async = ExternalScalerGrpc.newStub(channel);

        LinkedBlockingQueue<Object> stream = new LinkedBlockingQueue<>();
        async.streamIsActive(ref("livekit", "streamed", "policy", "agents"), collect(stream));
        assertThat(stream.poll(5, TimeUnit.SECONDS)).isEqualTo(true);

        fake.hold();
        int before = fake.requests();
        // the stream's tick past the 5 s default TTL asks Prometheus, which holds the request
        await("the stream's next tick asks Prometheus")
            .atMost(Duration.ofSeconds(15))
            .until(() -> fake.requests() > before);
        CompletableFuture<GetMetricsResponse> inFlight = new CompletableFuture<>();
        async
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .getMetrics(
                metrics(ref("livekit", "in-flight", "policy", "agents"), "lkscaler-agents"),
                complete(inFlight));
        await("the call waits for the held request")
            .until(
                () ->
                    Exposition.current(
                            httpPort, "lkscaler_grpc_calls_in_flight{method=\"GetMetrics\"}")
                        == 1);

        process.destroy(); // SIGTERM
        assertThat(stream.poll(5, TimeUnit.SECONDS))
            .as("open streams end cleanly")
            .isEqualTo("completed");
        // the listener closes and a GOAWAY goes out as the stop begins; a new connection is refused
        // once that has happened (the stream's end can overtake the GOAWAY by a few milliseconds)
        await("new calls are refused")
            .atMost(Duration.ofSeconds(2))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> refusesNewCalls(grpcPort));
        assertThat(inFlight).as("the call in flight is still waiting for Prometheus").isNotDone();

        fake.release();
        assertThat(inFlight.get(5, TimeUnit.SECONDS).getMetricValues(0).getMetricValue())
            .isEqualTo(4);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(143);
        assertThat(Files.readString(log)).contains("stopping: no new calls").contains("stopped");
      } finally {
        channel.shutdownNow();
        process.destroyForcibly();
      }
    }
  }

  private static boolean refusesNewCalls(int port) {
    ManagedChannel fresh = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      ExternalScalerGrpc.newBlockingStub(fresh)
          .withDeadlineAfter(1, TimeUnit.SECONDS)
          .getMetricSpec(ref("livekit", "new", "policy", "agents"));
      return false;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() == Status.Code.UNAVAILABLE;
    } finally {
      fresh.shutdownNow();
    }
  }
}
