package dev.lkscaler.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The real Prometheus server (Debian's {@code prometheus} package), started on a free loopback port
 * with a one-second scrape of the given targets.
 */
public final class RealPrometheus implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;

  private RealPrometheus(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Starts Prometheus scraping {@code targets} (host:port) every second under job "livekit". */
  public static RealPrometheus start(List<String> targets)
      throws IOException, InterruptedException {
    String binary = binary();
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      RealPrometheus prometheus =
          new RealPrometheus(Files.createTempDirectory("lkscaler-prometheus"), freePort());
      try {
        prometheus.launch(binary, targets);
        return prometheus;
      } catch (IOException e) {
        // most likely the free port was taken between picking and binding
        prometheus.close();
        last = e;
      }
    }
    throw last;
  }

  private static String binary() {
    String configured = System.getenv("PROMETHEUS_BIN");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String candidate : List.of("/usr/bin/prometheus", "/usr/local/bin/prometheus")) {
      if (new File(candidate).canExecute()) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "the Prometheus server is needed for this test: install Debian's package (apt-get install prometheus)"
            + " or set PROMETHEUS_BIN");
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void launch(String binary, List<String> targets)
      throws IOException, InterruptedException {
    StringBuilder config = new StringBuilder();
    config.append(
        "global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n  evaluation_interval: 1s\n");
    config.append(
        "scrape_configs:\n  - job_name: livekit\n    static_configs:\n      - targets: [");
    for (int i = 0; i < targets.size(); i++) {
      config.append(i == 0 ? "" : ", ").append('\'').append(targets.get(i)).append('\'');
    }
    config.append("]\n");
    Path configFile = dir.resolve("prometheus.yml");
    Files.writeString(configFile, config);
    process =
        new ProcessBuilder(
                binary,
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    try {
      Awaitility.await("prometheus is ready")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> !process.isAlive() || ready());
    } catch (ConditionTimeoutException e) {
      throw new IOException(
          "prometheus not ready after 30s: " + Files.readString(dir.resolve("prometheus.log")), e);
    }
    if (!process.isAlive()) {
      // most likely the port was taken: the caller tries another
      throw new IOException(
          "prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
    }
  }

  private boolean ready() throws InterruptedException {
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Runs an instant query and returns the raw JSON. */
  public String query(String promql) throws IOException, InterruptedException {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body();
  }

  /** Waits until the query's raw JSON satisfies the condition, e.g. after a scrape. */
  public void await(String promql, Predicate<String> condition, Duration timeout) {
    AtomicReference<String> last = new AtomicReference<>("");
    try {
      Awaitility.await(promql)
          .atMost(timeout)
          .until(
              () -> {
                last.set(query(promql));
                return condition.test(last.get());
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "after " + timeout + ", " + promql + " still gives " + last.get(), e);
    }
  }

  /** How many /api/v1/query requests Prometheus has served, read from its own /metrics. */
  public long queryRequestsServed() throws IOException, InterruptedException {
    String metrics = get("/metrics").body();
    Matcher matcher =
        Pattern.compile(
                "^prometheus_http_requests_total\\{[^}]*handler=\"/api/v1/query\"[^}]*} (\\S+)$",
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
        HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Stops the server; queries then get "connection refused". */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}
