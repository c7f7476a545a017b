package dev.lkscaler.testing;

import static org.awaitility.Awaitility.await;

import dev.lkscaler.Scaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;

/** Starts a scaler on free loopback ports from a policy text, and waits until it serves. */
public final class Scalers {
  private Scalers() {}

  public static Scaler fromText(String policy) throws IOException {
    return fromText(policy, Optional.empty());
  }

  public static Scaler fromText(String policy, Optional<KubernetesClient> kubernetes)
      throws IOException {
    Path file = Files.createTempFile("lkscaler-policy", ".yaml");
    file.toFile().deleteOnExit();
    return start(file, policy, kubernetes, Clock.systemUTC(), Duration.ofSeconds(10));
  }

  /**
   * Writes the policy to {@code file}, starts a scaler reading it and waits until /readyz says 200;
   * a scaler that does not in time is stopped.
   */
  public static Scaler start(
      Path file,
      String policy,
      Optional<KubernetesClient> kubernetes,
      Clock clock,
      Duration timeout)
      throws IOException {
    Files.writeString(file, policy);
    Scaler scaler =
        Scaler.start(new Scaler.Settings(new Scaler.FromFile(file), 0, 0), kubernetes, clock);
    try {
      awaitReady(scaler.httpPort(), timeout);
    } catch (ConditionTimeoutException e) {
      scaler.stop(Duration.ofSeconds(1));
      throw e;
    }
    return scaler;
  }

  /** A plaintext channel to the scaler's gRPC port, as KEDA opens one. */
  public static ManagedChannel channel(Scaler scaler) {
    return NettyChannelBuilder.forAddress("127.0.0.1", scaler.grpcPort()).usePlaintext().build();
  }

  /** Whether the scaler behind the stub has the policy in force: GetMetricSpec naming it works. */
  public static boolean knows(
      dev.lkscaler.proto.externalscaler.ExternalScalerGrpc.ExternalScalerBlockingStub keda,
      String policy) {
    try {
      keda.withDeadlineAfter(2, java.util.concurrent.TimeUnit.SECONDS)
          .getMetricSpec(Refs.ref("livekit", "so", "policy", policy));
      return true;
    } catch (io.grpc.StatusRuntimeException e) {
      return false;
    }
  }

  /** Waits for /readyz to say 200. */
  public static void awaitReady(int httpPort, Duration timeout) {
    awaitReady(httpPort, timeout, () -> true);
  }

  /** Waits for /readyz of the scaler process to say 200; fails at once if the process exits. */
  public static void awaitReady(int httpPort, Duration timeout, Process process, Path log) {
    awaitReady(
        httpPort,
        timeout,
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(
                "lkscaler exited: " + (Files.exists(log) ? Files.readString(log) : ""));
          }
          return true;
        });
  }

  private static void awaitReady(int httpPort, Duration timeout, Callable<Boolean> alive) {
    URI readyz = URI.create("http://127.0.0.1:" + httpPort + "/readyz");
    await("/readyz says 200")
        .dontCatchUncaughtExceptions()
        .atMost(timeout)
        .until(() -> alive.call() && Http.status(readyz, Duration.ofSeconds(1)) == 200);
  }
}
