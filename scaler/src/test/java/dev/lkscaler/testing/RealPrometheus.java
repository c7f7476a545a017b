package dev.lkscaler.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The real Prometheus server (Debian's {@code prometheus} package) as a child process, on a free
 * loopback port, scraping its targets every second under job "livekit". It can be stopped and
 * started again on the same port and data directory (the simulator's outage scenario).
 */
public final class RealPrometheus implements AutoCloseable {
  private static final Duration READY_WITHIN = Duration.ofSeconds(30);

  /** How to run the server: the same port and data directory at every start. */
  private record Command(String binary, Path dir, int port) {
    Path file(String name) {
      return dir.resolve(name);
    }

    ProcessBuilder builder() {
      return new ProcessBuilder(
              binary,
              "--config.file=" + file("prometheus.yml"),
              "--storage.tsdb.path=" + file("data"),
              // a history loaded from a file keeps its dates, however long ago they are
              "--storage.tsdb.retention.time=100y",
              "--web.listen-address=127.0.0.1:" + port,
              "--log.level=warn")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(file("prometheus.log").toFile()));
    }
  }

  private final Command command;
  private volatile Process process;

  private RealPrometheus(Command command) {
    this.command = command;
  }

  /** The server from $PROMETHEUS_BIN, /usr/bin or /usr/local/bin. */
  public static String binary() {
    return Binaries.find("PROMETHEUS_BIN", "prometheus")
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the Prometheus server is needed: install Debian's package (apt-get install"
                        + " prometheus) or set PROMETHEUS_BIN"));
  }

  /** Starts {@link #binary()} scraping {@code targets} (host:port). */
  public static RealPrometheus start(List<String> targets)
      throws IOException, InterruptedException {
    return start(binary(), targets);
  }

  /** Starts {@code binary} scraping {@code targets} (host:port), once it is ready. */
  public static RealPrometheus start(String binary, List<String> targets)
      throws IOException, InterruptedException {
    String config =
        "global: {scrape_interval: 1s, scrape_timeout: 900ms, evaluation_interval: 1s}\n"
            + "scrape_configs:\n  - job_name: livekit\n    static_configs:\n      - targets: ["
            + targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))
            + "]\n";
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Command command =
          new Command(binary, Files.createTempDirectory("lkscaler-prometheus"), freePort());
      RealPrometheus prometheus = new RealPrometheus(command);
      try {
        Files.writeString(command.file("prometheus.yml"), config);
        prometheus.start();
        return prometheus;
      } catch (IOException e) {
        // most likely the free port was taken between picking and binding
        prometheus.close();
        last = e;
      }
    }
    throw last;
  }

  /**
   * Starts {@link #binary()} on a history written in OpenMetrics text (each sample with its time,
   * in seconds; {@code # EOF} at the end), loaded with {@code promtool tsdb create-blocks-from
   * openmetrics}. It scrapes nothing, so what it answers is the history alone.
   */
  public static RealPrometheus withHistory(String openMetrics)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("lkscaler-prometheus");
    Files.writeString(dir.resolve("history.om"), openMetrics);
    Promtool.Result loaded =
        Promtool.run(dir, "tsdb", "create-blocks-from", "openmetrics", "history.om", "data");
    if (loaded.exitCode() != 0) {
      throw new IOException("promtool did not load the history: " + loaded.output());
    }
    Files.writeString(dir.resolve("prometheus.yml"), "global: {evaluation_interval: 1s}\n");
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      RealPrometheus prometheus = new RealPrometheus(new Command(binary(), dir, freePort()));
      try {
        prometheus.start();
        return prometheus;
      } catch (IOException e) {
        // most likely the free port was taken between picking and binding
        prometheus.stop();
        last = e;
      }
    }
    throw last;
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Starts the process (again) and waits until it is ready; exits and timeouts are errors. */
  public synchronized void start() throws IOException, InterruptedException {
    if (running()) {
      return;
    }
    Path log = command.file("prometheus.log");
    Process started = command.builder().start();
    process = started;
    try {
      // another thread's uncaught exception is not this wait's business (the simulator restarts
      // the server while its run goes on)
      Awaitility.await("prometheus is ready")
          .dontCatchUncaughtExceptions()
          .atMost(READY_WITHIN)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !started.isAlive() || ready());
    } catch (ConditionTimeoutException e) {
      throw new IOException("prometheus not ready after 30s: " + Files.readString(log), e);
    }
    if (!started.isAlive()) {
      // most likely the port was taken: the caller tries another
      throw new IOException("prometheus exited: " + Files.readString(log));
    }
  }

  /** Whether /-/ready says 200 now. */
  public boolean ready() {
    try {
      return Http.status(url().resolve("/-/ready"), Duration.ofSeconds(1)) == 200;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + command.port());
  }

  /** Runs an instant query and returns the raw JSON. */
  public String query(String promql) throws IOException, InterruptedException {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
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
    return (long)
        Exposition.sum(
            get("/metrics"), "prometheus_http_requests_total", "handler", "/api/v1/query");
  }

  private String get(String path) throws IOException, InterruptedException {
    return Http.get(URI.create(url() + path), Duration.ofSeconds(5));
  }

  /** Stops the process; queries then get "connection refused". */
  public synchronized void stop() throws InterruptedException {
    if (running()) {
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
    try (Stream<Path> files = Files.walk(command.dir())) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}
