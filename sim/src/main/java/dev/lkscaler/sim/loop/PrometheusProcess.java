package dev.lkscaler.sim.loop;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Prometheus server (Debian's package) as a child process: scrapes its targets every
 * second on a loopback port. It can be stopped and started again on the same port and data
 * directory, for the outage scenario.
 */
public final class PrometheusProcess implements AutoCloseable {
  private final String binary;
  private final Path dir;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private Process process;

  private PrometheusProcess(String binary, Path dir, int port) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
  }

  /** The binary from $PROMETHEUS_BIN, /usr/bin or /usr/local/bin. */
  public static String findBinary() {
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
        "the Prometheus server is needed: install Debian's package (apt-get install prometheus) or set PROMETHEUS_BIN");
  }

  /** Starts scraping the targets (host:port) every second, on a free loopback port. */
  public static PrometheusProcess start(String binary, List<String> targets)
      throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir = Files.createTempDirectory("lksim-prometheus");
      StringBuilder config =
          new StringBuilder(
              "global: {scrape_interval: 1s, scrape_timeout: 900ms, evaluation_interval: 1s}\n"
                  + "scrape_configs:\n  - job_name: livekit\n    static_configs:\n      - targets: [");
      for (int i = 0; i < targets.size(); i++) {
        config.append(i == 0 ? "'" : ", '").append(targets.get(i)).append('\'');
      }
      Files.writeString(dir.resolve("prometheus.yml"), config.append("]\n"));
      PrometheusProcess prometheus = new PrometheusProcess(binary, dir, freePort());
      try {
        prometheus.start();
        return prometheus;
      } catch (IOException e) {
        // most likely the port was taken between choosing and binding it
        prometheus.close();
        last = e;
      }
    }
    throw last;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Starts the process (again) and waits until it is ready. */
  public synchronized void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    Path log = dir.resolve("prometheus.log");
    process =
        new ProcessBuilder(
                binary,
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < until) {
      if (!process.isAlive()) {
        throw new IOException("prometheus exited: " + Files.readString(log));
      }
      if (ready()) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IOException("prometheus not ready after 30s: " + Files.readString(log));
  }

  public boolean ready() {
    try {
      return http.send(
                  HttpRequest.newBuilder(url().resolve("/-/ready"))
                      .timeout(Duration.ofSeconds(1))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  /** Stops the process; queries then get "connection refused". */
  public synchronized void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Stops the process and deletes its data. */
  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (process != null) {
        process.destroyForcibly();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}
