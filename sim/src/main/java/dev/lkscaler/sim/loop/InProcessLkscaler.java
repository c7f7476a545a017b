package dev.lkscaler.sim.loop;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * lkscaler itself, started in this process through its composition root, on free loopback ports,
 * with a policy file and a Kubernetes client of the mock API server.
 */
public final class InProcessLkscaler implements AutoCloseable {
  private final Scaler scaler;
  private final HttpClient http = HttpClient.newHttpClient();

  private InProcessLkscaler(Scaler scaler) {
    this.scaler = scaler;
  }

  /** Writes the policy to {@code policyFile}, starts lkscaler and waits until /readyz says so. */
  public static InProcessLkscaler start(
      Path policyFile, String policy, KubernetesClient kubernetes, Clock clock)
      throws IOException, InterruptedException {
    Files.writeString(policyFile, policy);
    Scaler scaler =
        Scaler.start(
            new Scaler.Settings(new Scaler.FromFile(policyFile), 0, 0),
            Optional.of(kubernetes),
            clock);
    InProcessLkscaler lkscaler = new InProcessLkscaler(scaler);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < until) {
      try {
        if (lkscaler.get("/readyz").statusCode() == 200) {
          return lkscaler;
        }
      } catch (IOException starting) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    scaler.stop(Duration.ofSeconds(1));
    throw new IOException("lkscaler not ready after 15s");
  }

  public int grpcPort() {
    return scaler.grpcPort();
  }

  public String address() {
    return "127.0.0.1:" + scaler.grpcPort();
  }

  /**
   * Calls that a policy answered without fresh data so far: last known good or UNAVAILABLE, from
   * lkscaler's own /metrics. A call that leaves this unchanged was answered from fresh data.
   */
  public long stalePolicyAnswers(String policy) throws IOException, InterruptedException {
    String metrics = get("/metrics").body();
    return counter(metrics, "lkscaler_last_known_good_served_total", policy)
        + counter(metrics, "lkscaler_decisions_unavailable_total", policy);
  }

  private static long counter(String metrics, String name, String policy) {
    Matcher matcher =
        Pattern.compile(
                "^" + name + "\\{[^}]*policy=\"" + Pattern.quote(policy) + "\"[^}]*} (\\S+)$",
                Pattern.MULTILINE)
            .matcher(metrics);
    long total = 0;
    while (matcher.find()) {
      total += (long) Double.parseDouble(matcher.group(1));
    }
    return total;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + scaler.httpPort() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    scaler.stop(Duration.ofSeconds(2));
  }
}
