package dev.lkscaler;

import static dev.lkscaler.testing.Refs.metrics;
import static dev.lkscaler.testing.Refs.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.proto.externalscaler.ScaledObjectRef;
import dev.lkscaler.testing.Exposition;
import dev.lkscaler.testing.FakePrometheus;
import dev.lkscaler.testing.LogCapture;
import dev.lkscaler.testing.MutableClock;
import dev.lkscaler.testing.Scalers;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Prometheus that misbehaves, served over real HTTP, against a real scaler over real gRPC. For
 * each fault the core rules hold: an answer before the caller's deadline; never 0 or inactive from
 * missing data; the last good decision within its window, then UNAVAILABLE with the cause; a metric
 * and a log line that name the cause; fresh answers within one TTL once the fault ends. The
 * scaler's clock is the test's, so the TTL and lastKnownGoodFor pass when the test says.
 */
class FaultInjectionIT {
  private static final Duration TTL = Duration.ofSeconds(1);
  private static final Duration LAST_KNOWN_GOOD_FOR = Duration.ofSeconds(30);

  /** What the fake serves when all is well: 2 of 4 workers out of service, 6 wanted. */
  private static final String GOOD = FakePrometheus.vectorBody("0.9", "0.8", "0.6", "0.5");

  @TempDir Path dir;

  private FakePrometheus prometheus;
  private Scaler scaler;
  private ManagedChannel channel;
  private final MutableClock clock = new MutableClock(Instant.now());

  private void start() throws Exception {
    prometheus = new FakePrometheus();
    prometheus.replyToAll(200, GOOD);
    startScaler();
  }

  private static String policy(java.net.URI prometheus) {
    return """
        prometheus: {url: '%s', timeout: 1s}
        cache: {ttl: %ds, lastKnownGoodFor: %ds}
        policies:
          agents:
            signals:
              - {name: load, type: utilization, query: 'lk_agents_worker_load', scaleUpAt: 0.5, outOfServiceAt: 0.7}
        """
        .formatted(prometheus, TTL.toSeconds(), LAST_KNOWN_GOOD_FOR.toSeconds());
  }

  private void startScaler() throws Exception {
    scaler =
        Scalers.start(
            dir.resolve("policy.yaml"),
            policy(prometheus.url()),
            Optional.empty(),
            clock,
            Duration.ofSeconds(10));
    channel = Scalers.channel(scaler);
  }

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (scaler != null) {
      scaler.stop(Duration.ofSeconds(1));
    }
    if (prometheus != null) {
      prometheus.close();
    }
  }

  private static final ScaledObjectRef AGENTS = ref("livekit", "agents", "policy", "agents");

  /** As KEDA's HPA path calls: with a 3 s deadline. */
  private ExternalScalerGrpc.ExternalScalerBlockingStub keda() {
    return ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(3, TimeUnit.SECONDS);
  }

  private long desired() {
    return keda()
        .getMetrics(metrics(AGENTS, "lkscaler-agents"))
        .getMetricValues(0)
        .getMetricValue();
  }

  private boolean active() {
    return keda().isActive(AGENTS).getResult();
  }

  private double requests(String result) throws Exception {
    return Exposition.sum(
        Exposition.scrape(scaler.httpPort()),
        "lkscaler_prometheus_requests_total",
        "result",
        result);
  }

  /** A fault, how the fake is made to show it, and what the scaler must call it. */
  record Fault(String name, Consumer<FakePrometheus> inject, String result, String cause) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Fault> faults() {
    String[] many = new String[100_000];
    Arrays.fill(many, "0.5");
    String manySeries = FakePrometheus.vectorBody(many);
    String now = String.format(java.util.Locale.ROOT, "%.3f", System.currentTimeMillis() / 1000.0);
    return Stream.of(
        new Fault(
            "a connection reset mid-body",
            p -> p.behave(FakePrometheus.closeMidBody("{\"status\":\"success\",\"da")),
            "connection",
            "lost the connection to Prometheus at"),
        new Fault(
            "a hang past the timeout", FakePrometheus::hold, "timeout", "did not answer within 1s"),
        new Fault(
            "a body that stalls past the timeout",
            p -> p.behave(p.stallMidBody("{\"status\":\"succ")),
            "timeout",
            "did not answer within 1s"),
        new Fault(
            "status 500",
            p -> p.replyToAll(500, ""),
            "http_status",
            "Prometheus answered HTTP 500: empty body"),
        new Fault(
            "status 502",
            p -> p.replyToAll(502, "<html>Bad Gateway</html>"),
            "http_status",
            "Prometheus answered HTTP 502: body \"<html>Bad Gateway</html>\""),
        new Fault(
            "status 503",
            p ->
                p.replyToAll(
                    503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"down\"}"),
            "http_status",
            "Prometheus answered HTTP 503: unavailable: down"),
        new Fault(
            "429 with Retry-After",
            p ->
                p.behave(
                    FakePrometheus.withHeader(
                        429,
                        "{\"status\":\"error\",\"errorType\":\"too_many_requests\",\"error\":\"slow"
                            + " down\"}",
                        "Retry-After",
                        "30")),
            "http_status",
            "Prometheus answered HTTP 429 (Retry-After: 30): too_many_requests: slow down"),
        new Fault(
            "an HTML body",
            p -> p.replyToAll(200, "<!doctype html><html><body>Sign in</body></html>"),
            "parse",
            "(body): expected JSON. Found: text that is not JSON"),
        new Fault(
            "truncated JSON",
            p -> p.replyToAll(200, GOOD.substring(0, GOOD.length() / 2)),
            "parse",
            "(body): expected JSON. Found: text that is not JSON"),
        new Fault(
            "only NaN and infinite values",
            p -> p.replyToAll(200, FakePrometheus.vectorBody("NaN", "+Inf", "-Inf")),
            "ok",
            "query returned no series [3 NaN/Inf samples dropped] (onEmpty: hold)"),
        new Fault(
            "the wrong resultType",
            p ->
                p.replyToAll(
                    200,
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"),
            "parse",
            "data.resultType: expected vector or scalar (an instant query, not a range selector)."
                + " Found: \"matrix\""),
        new Fault(
            "a vector of 100,000 series",
            p -> p.replyToAll(200, manySeries),
            "ok",
            "agents/load: 100000 series, above maxSeries 10000"),
        new Fault(
            "a body of 300 MB",
            p -> p.behave(FakePrometheus.hugeBody(300L << 20)),
            "too_large",
            "is larger than 32 MiB: read no further"),
        new Fault(
            "duplicate series",
            p ->
                p.replyToAll(
                    200,
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                        + "{\"metric\":{\"pod\":\"a\"},\"value\":["
                        + now
                        + ",\"0.5\"]},{\"metric\":{\"pod\":\"a\"},\"value\":["
                        + now
                        + ",\"0.5\"]}]}}"),
            "parse",
            "data.result[1].metric: expected a label set no other series has"),
        new Fault(
            "samples from an hour ago",
            p ->
                p.replyToAll(
                    200,
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                        + "{\"metric\":{},\"value\":["
                        + (System.currentTimeMillis() / 1000 - 3600)
                        + ",\"0.5\"]}]}}"),
            "stale",
            "is stale: its samples are 1h"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void everyFaultKeepsTheCoreRules(Fault fault) throws Exception {
    start();
    try (LogCapture logs = new LogCapture()) {
      assertThat(desired()).isEqualTo(6);
      double before = requests(fault.result());

      fault.inject().accept(prometheus);
      clock.advance(TTL);
      // within lastKnownGoodFor: the last good decision, active, before the deadline
      long started = System.nanoTime();
      assertThat(desired()).as("last known good").isEqualTo(6);
      assertThat(active()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
      assertThat(requests(fault.result())).isGreaterThan(before);

      // past it: UNAVAILABLE with the cause, never 0 or inactive
      clock.advance(LAST_KNOWN_GOOD_FOR);
      StatusRuntimeException unavailable =
          catchThrowableOfType(StatusRuntimeException.class, this::desired);
      assertThat(unavailable).isNotNull();
      assertThat(unavailable.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(unavailable.getStatus().getDescription()).contains(fault.cause());
      StatusRuntimeException inactive =
          catchThrowableOfType(StatusRuntimeException.class, this::active);
      assertThat(inactive.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(logs.lines())
          .anyMatch(
              line ->
                  line.startsWith("WARN no decision for livekit/agents")
                      && line.contains(fault.cause()));

      // the fault ends: a fresh decision within one TTL
      prometheus.behaveNormally().replyToAll(200, GOOD).release();
      clock.advance(TTL);
      assertThat(desired()).isEqualTo(6);
      assertThat(logs.lines()).contains("INFO fresh data again for livekit/agents");
    }
  }

  @Test
  void aReplySlowButInsideTheTimeoutIsAFreshDecision() throws Exception {
    start();
    assertThat(desired()).isEqualTo(6);
    prometheus.behave(
        prometheus.slow(Duration.ofMillis(600), 200, FakePrometheus.vectorBody("0.9")));
    clock.advance(TTL);
    long started = System.nanoTime();
    // one pod at 0.9: out of service, so 1 + 1 available beside it
    assertThat(desired()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(600))
        .isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void someNanAndInfiniteValuesAreDroppedAndTheRestDecides() throws Exception {
    start();
    prometheus.replyToAll(200, FakePrometheus.vectorBody("0.9", "NaN", "+Inf", "-Inf", "0.8"));
    // 0.9 and 0.8: ceil(1.7 / 0.5) = 4
    assertThat(desired()).isEqualTo(4);
  }

  @Test
  void aRefusedConnectionAndAServerThatComesBackOnItsPort() throws Exception {
    start();
    assertThat(desired()).isEqualTo(6);
    int port = prometheus.port();
    prometheus.close();
    clock.advance(TTL);
    assertThat(desired()).as("last known good").isEqualTo(6);
    assertThat(requests("connection")).isPositive();
    clock.advance(LAST_KNOWN_GOOD_FOR);
    StatusRuntimeException unavailable =
        catchThrowableOfType(StatusRuntimeException.class, this::desired);
    assertThat(unavailable.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(unavailable.getStatus().getDescription()).contains("connection refused");

    prometheus = new FakePrometheus(port);
    prometheus.replyToAll(200, GOOD);
    clock.advance(TTL);
    assertThat(desired()).isEqualTo(6);
  }

  @Test
  void aPrometheusThatComesBackAfterFiveMinutes() throws Exception {
    start();
    assertThat(desired()).isEqualTo(6);
    int port = prometheus.port();
    prometheus.close();
    for (int seconds = 0; seconds < 300; seconds += 15) {
      // KEDA asks every 15 s: last known good for 30 s, then UNAVAILABLE, never 0
      clock.advance(Duration.ofSeconds(15));
      if (seconds + 15 < LAST_KNOWN_GOOD_FOR.toSeconds()) {
        assertThat(desired()).isEqualTo(6);
      } else {
        StatusRuntimeException unavailable =
            catchThrowableOfType(StatusRuntimeException.class, this::desired);
        assertThat(unavailable.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      }
    }
    prometheus = new FakePrometheus(port);
    // its samples carry its evaluation time, which is the scaler's now
    prometheus.replyToAll(
        200, FakePrometheus.vectorBody(clock.instant(), "0.9", "0.8", "0.6", "0.5"));
    clock.advance(TTL);
    assertThat(desired()).isEqualTo(6);
  }

  @Test
  void theRealPrometheusKilledAndStartedAgain() throws Exception {
    try (dev.lkscaler.testing.LiveKitExporter exporter =
            new dev.lkscaler.testing.LiveKitExporter();
        dev.lkscaler.testing.RealPrometheus real =
            dev.lkscaler.testing.RealPrometheus.start(java.util.List.of(exporter.target()))) {
      double[] loads = {0.9, 0.8, 0.6, 0.5};
      for (int i = 0; i < loads.length; i++) {
        exporter.set(
            "lk_agents_worker_load",
            java.util.Map.of("pod", "agents-" + i, "nodename", "agents-" + i),
            loads[i]);
      }
      real.await(
          "count(lk_agents_worker_load)", body -> body.contains("\"4\""), Duration.ofSeconds(20));
      scaler =
          Scalers.start(
              dir.resolve("policy.yaml"),
              policy(real.url()),
              Optional.empty(),
              clock,
              Duration.ofSeconds(10));
      channel = Scalers.channel(scaler);
      assertThat(desired()).isEqualTo(6);

      real.stop();
      clock.advance(TTL);
      assertThat(desired()).as("last known good").isEqualTo(6);
      clock.advance(LAST_KNOWN_GOOD_FOR);
      StatusRuntimeException unavailable =
          catchThrowableOfType(StatusRuntimeException.class, this::desired);
      assertThat(unavailable.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(unavailable.getStatus().getDescription()).contains("connection refused");

      real.start();
      real.await(
          "count(lk_agents_worker_load)", body -> body.contains("\"4\""), Duration.ofSeconds(20));
      clock.advance(TTL);
      assertThat(desired()).isEqualTo(6);
    }
  }

  /** The heap after a full GC, in bytes. */
  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void theHeapStaysWithin64MibThroughHugeReplies() throws Exception {
    start();
    assertThat(desired()).isEqualTo(6);
    long before = heapAfterGc();
    String[] many = new String[100_000];
    Arrays.fill(many, "0.5");
    String manySeries = FakePrometheus.vectorBody(many);
    for (int round = 0; round < 3; round++) {
      prometheus.behave(FakePrometheus.hugeBody(300L << 20));
      clock.advance(TTL);
      assertThat(desired()).isEqualTo(6);
      prometheus.behaveNormally().replyToAll(200, manySeries);
      clock.advance(TTL);
      assertThat(desired()).isEqualTo(6);
      prometheus.replyToAll(200, GOOD);
      clock.advance(TTL);
      assertThat(desired()).isEqualTo(6);
    }
    long after = heapAfterGc();
    assertThat(after - before).as("heap growth, bytes").isLessThan(64L << 20);
  }
}
