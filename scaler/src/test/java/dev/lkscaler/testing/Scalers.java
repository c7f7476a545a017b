package dev.lkscaler.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.Scaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Starts a scaler on free loopback ports from a policy text, and waits until it serves. */
public final class Scalers {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Scalers() {}

  public static Scaler fromText(String policy) throws Exception {
    return fromText(policy, Optional.empty());
  }

  public static Scaler fromText(String policy, Optional<KubernetesClient> kubernetes)
      throws Exception {
    Path file = Files.createTempFile("lkscaler-policy", ".yaml");
    file.toFile().deleteOnExit();
    Files.writeString(file, policy);
    Scaler scaler =
        Scaler.start(
            new Scaler.Settings(new Scaler.FromFile(file), 0, 0), kubernetes, Clock.systemUTC());
    awaitReady(scaler.httpPort(), Duration.ofSeconds(10));
    return scaler;
  }

  /** Waits for /readyz to say 200. */
  public static void awaitReady(int httpPort, Duration timeout) {
    await("/readyz says 200").atMost(timeout).until(() -> readyz(httpPort) == 200);
  }

  /** Waits for /readyz of the scaler process to say 200; fails at once if the process exits. */
  public static void awaitReady(int httpPort, Duration timeout, Process process, Path log) {
    await("/readyz says 200")
        .atMost(timeout)
        .until(
            () -> {
              assertThat(process.isAlive())
                  .as("lkscaler exited: %s", Files.exists(log) ? Files.readString(log) : "")
                  .isTrue();
              return readyz(httpPort) == 200;
            });
  }

  /** The status of /readyz, or -1 while nothing listens yet. */
  private static int readyz(int httpPort) throws InterruptedException {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
                  .timeout(Duration.ofSeconds(1))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException notYet) {
      return -1;
    }
  }
}
