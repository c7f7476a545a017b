package dev.lkscaler.testing;

import dev.lkscaler.Scaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starts a scaler on free loopback ports from a policy text, and waits until it serves. */
public final class Scalers {
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
  public static void awaitReady(int httpPort, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long until = System.nanoTime() + timeout.toNanos();
    int status = -1;
    while (System.nanoTime() < until) {
      try {
        status =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // starting
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("not ready after " + timeout + ", /readyz said " + status);
  }
}
