package dev.lkscaler.grpc;

import static dev.lkscaler.testing.Refs.metrics;
import static dev.lkscaler.testing.Refs.ref;
import static dev.lkscaler.testing.Statuses.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.Scaler;
import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.proto.externalscaler.GetMetricSpecResponse;
import dev.lkscaler.proto.externalscaler.GetMetricsResponse;
import dev.lkscaler.proto.externalscaler.MetricSpec;
import dev.lkscaler.proto.externalscaler.ScaledObjectRef;
import dev.lkscaler.testing.Exposition;
import dev.lkscaler.testing.LiveKitExporter;
import dev.lkscaler.testing.Observers;
import dev.lkscaler.testing.PolicyTexts;
import dev.lkscaler.testing.RealPrometheus;
import dev.lkscaler.testing.Scalers;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole path against a real Prometheus: a LiveKit exporter, a real scrape, lkscaler over a real
 * gRPC socket. The exporter and Prometheus are shared and their series read-only; every test has
 * its own scaler, so its counters and cache start at zero whatever ran before. The test that
 * changes series uses a namespace of its own, and the one that stops Prometheus its own Prometheus.
 * Tests do not run concurrently, so a test that counts the shared Prometheus' requests counts its
 * own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealPrometheusIT {
  private static final String NS = "livekit";
  private static final String FULL = "full";
  private static final String RECORDING = "recording";
  private static final Duration LAST_KNOWN_GOOD_FOR = Duration.ofSeconds(4);

  private LiveKitExporter exporter;
  private RealPrometheus prometheus;
  private final List<Lkscaler> started = new ArrayList<>();
  private Lkscaler lkscaler;

  /** A scaler on free ports with the test policy, and a plaintext channel to it. */
  private static final class Lkscaler implements AutoCloseable {
    final Scaler scaler;
    final ManagedChannel channel;

    Lkscaler(URI prometheus) throws Exception {
      scaler = Scalers.fromText(policy(prometheus));
      channel = Scalers.channel(scaler);
    }

    /** As KEDA's HPA path calls: with a 3 s deadline. */
    ExternalScalerGrpc.ExternalScalerBlockingStub keda() {
      return ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(3, TimeUnit.SECONDS);
    }

    long desired(String policy, String namespace, String name) {
      GetMetricsResponse response =
          keda().getMetrics(metrics(ref(namespace, name, "policy", policy), "lkscaler-" + policy));
      assertThat(response.getMetricValuesCount()).isEqualTo(1);
      double asFloat = response.getMetricValues(0).getMetricValueFloat();
      long asInt = response.getMetricValues(0).getMetricValue();
      assertThat(asFloat).isEqualTo((double) asInt);
      return asInt;
    }

    String scrape() throws Exception {
      return Exposition.scrape(scaler.httpPort());
    }

    @Override
    public void close() {
      channel.shutdownNow();
      scaler.stop(Duration.ofSeconds(2));
    }
  }

  private static String policy(URI prometheus) {
    return ("""
        prometheus: {url: %s, timeout: 2s}
        cache: {ttl: 1s, lastKnownGoodFor: %s}
        policies:
          agents:
            minReplicas: 1
            maxReplicas: 100
            signals:
              - {name: load, type: utilization, query: 'lk_agents_worker_load{namespace="{{namespace}}"}', scaleUpAt: 0.5, outOfServiceAt: 0.7}
        """
            + PolicyTexts.SIP_AND_EGRESS
            + """
          quiet-agents:
            activation: {query: 'sum(livekit_room_total{namespace="{{namespace}}"})', threshold: 0}
            signals:
              - {name: load, type: utilization, query: 'lk_agents_worker_load{namespace="{{namespace}}"}', onEmpty: zero}
          ahead:
            signals:
              - name: load
                type: utilization
                query: 'lk_agents_worker_load{namespace="{{namespace}}"}'
                demand:
                  wanted: 'count(lk_agents_worker_load{namespace="{{namespace}}"}) * 1.5'
                  served: 'count(lk_agents_worker_load{namespace="{{namespace}}"})'
                  perReplica: 8
                lookahead: {window: 10s, horizon: 60s, step: 1s}
              - {name: idle, type: headroom, query: 'livekit_egress_available{namespace="{{namespace}}"}', minIdle: 2, lookahead: {window: 10s, horizon: 60s, step: 1s}}
          recorders:
            signals:
              - name: idle
                type: headroom
                query: 'livekit_egress_available{namespace="{{namespace}}"}'
                minIdle: 2
                starts:
                  query: 'sum(rate(livekit_node_twirp_request_status{namespace="{{namespace}}", service="Egress", status!="4xx"}[10s]))'
                  horizon: 1s
        """)
        .formatted(prometheus, LAST_KNOWN_GOOD_FOR.toSeconds() + "s");
  }

  @BeforeAll
  void start() throws Exception {
    exporter = new LiveKitExporter();
    double[] loads = {0.9, 0.8, 0.6, 0.5};
    for (int i = 0; i < loads.length; i++) {
      exporter.set(
          "lk_agents_worker_load",
          Map.of("namespace", NS, "pod", "agents-" + i, "nodename", "agents-" + i),
          loads[i]);
    }
    exporter.set(
        "livekit_sip_calls_active", Map.of("namespace", NS, "node_id", "sip-0", "dir", "in"), 100);
    exporter.set(
        "livekit_sip_calls_active", Map.of("namespace", NS, "node_id", "sip-1", "dir", "out"), 30);
    double[] available = {1, 0, 0, 1, 0};
    for (int i = 0; i < available.length; i++) {
      exporter.set(
          "livekit_egress_available",
          Map.of("namespace", NS, "node_id", "egress-" + i),
          available[i]);
    }
    exporter.set(
        "livekit_room_total",
        Map.of("namespace", "quiet", "node_id", "sfu-0", "node_type", "SERVER"),
        1);
    // a fleet with no worker free, where the demand's unserved work counts
    for (int i = 0; i < 3; i++) {
      exporter.set(
          "lk_agents_worker_load",
          Map.of("namespace", FULL, "pod", "full-" + i, "nodename", "full-" + i),
          0.8);
      exporter.set(
          "livekit_egress_available", Map.of("namespace", FULL, "node_id", "full-" + i), 0);
    }
    // egress pods whose StartEgress requests are counted in the test: 1 of 3 busy
    for (int i = 0; i < 3; i++) {
      exporter.set(
          "livekit_egress_available",
          Map.of("namespace", RECORDING, "node_id", "recorder-" + i),
          i == 0 ? 0 : 1);
    }
    prometheus = startPrometheus();
  }

  /** A Prometheus scraping the exporter, once it has scraped it (a scrape takes every series). */
  private RealPrometheus startPrometheus() throws Exception {
    RealPrometheus started = RealPrometheus.start(List.of(exporter.target()));
    started.await(
        "count(lk_agents_worker_load)", body -> body.contains("\"7\""), Duration.ofSeconds(20));
    started.await(
        "count(livekit_egress_available)", body -> body.contains("\"11\""), Duration.ofSeconds(20));
    return started;
  }

  @BeforeEach
  void startScaler() throws Exception {
    lkscaler = lkscaler(prometheus.url());
  }

  private Lkscaler lkscaler(URI prometheus) throws Exception {
    Lkscaler own = new Lkscaler(prometheus);
    started.add(own);
    return own;
  }

  @AfterEach
  void stopScalers() {
    for (Lkscaler own : started) {
      own.close();
    }
    started.clear();
  }

  @AfterAll
  void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (exporter != null) {
      exporter.close();
    }
  }

  private ExternalScalerGrpc.ExternalScalerBlockingStub keda() {
    return lkscaler.keda();
  }

  private long desired(String policy, String namespace, String name) {
    return lkscaler.desired(policy, namespace, name);
  }

  private String scrapeScaler() throws Exception {
    return lkscaler.scrape();
  }

  private void askTenMetricSpecs() {
    for (int i = 0; i < 10; i++) {
      GetMetricSpecResponse spec = keda().getMetricSpec(ref(NS, "agents-" + i, "policy", "agents"));
      assertThat(spec.getMetricSpecsList())
          .containsExactly(
              MetricSpec.newBuilder()
                  .setMetricName("lkscaler-agents")
                  .setTargetSize(1)
                  .setTargetSizeFloat(1.0)
                  .build());
    }
  }

  private void decideTheIssueExamples() {
    assertThat(desired("agents", NS, "agents")).isEqualTo(6);
    assertThat(desired("sip", NS, "sip")).isEqualTo(3);
    assertThat(desired("egress", NS, "egress")).isEqualTo(5);
    assertThat(keda().isActive(ref(NS, "agents", "policy", "agents")).getResult()).isTrue();
  }

  @Test
  void demandAndTrendQueriesAreValidPromQlOnARealPrometheus() {
    // flat series: the trends add nothing (or there is no trend yet). Two of the four workers
    // are below 0.7, so the 6 wanted / 4 served are not counted: ceil(2.8 / 0.5) = 6, above the
    // headroom signal's 3 busy + 2 idle
    assertThat(desired("ahead", NS, "agents")).isEqualTo(6);
    // no worker free: 4.5 wanted / 3 served scale the load 2.4 by 1.5: ceil(3.6 / 0.5) = 8, above
    // the 3 busy + 2 idle egress pods
    assertThat(desired("ahead", FULL, "agents")).isEqualTo(8);
  }

  @Test
  void startsAreTheRateOfACounterOnARealPrometheus() throws Exception {
    // livekit-server creates the counter at the first request: none yet is none started, so the
    // 1 busy pod and minIdle 2
    assertThat(desired("recorders", RECORDING, "egress")).isEqualTo(3);
    Map<String, String> started =
        Map.of(
            "namespace",
            RECORDING,
            "service",
            "Egress",
            "method",
            "StartRoomCompositeEgress",
            "status",
            "200");
    exporter.set("livekit_node_twirp_request_status", started, 0);
    prometheus.await(
        "livekit_node_twirp_request_status{namespace=\"recording\"}",
        body -> body.contains("\"0\""),
        Duration.ofSeconds(20));
    // 100 starts within a scrape: about 10 a second over the 10 s range, so several pods for the
    // next second's starts beyond the busy one
    exporter.set("livekit_node_twirp_request_status", started, 100);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> desired("recorders", RECORDING, "egress") > 3);
  }

  @Test
  void metricSpecIsOneTargetOfOneAndAsksPrometheusNothing() throws Exception {
    long before = prometheus.queryRequestsServed();
    askTenMetricSpecs();
    assertThat(prometheus.queryRequestsServed()).isEqualTo(before);
  }

  @Test
  void decidesTheIssueExamplesFromRealScrapes() {
    decideTheIssueExamples();
  }

  @Test
  void metricsShowTheDecisionsJustMade() throws Exception {
    askTenMetricSpecs();
    decideTheIssueExamples();
    Map<String, Double> samples = Exposition.samples(scrapeScaler());
    String agents = "{namespace=\"livekit\",policy=\"agents\",scaledobject=\"agents\"}";
    assertThat(Exposition.value(samples, "lkscaler_desired_replicas" + agents)).isEqualTo(6);
    assertThat(
            Exposition.value(
                samples,
                "lkscaler_desired_replicas{namespace=\"livekit\",policy=\"sip\",scaledobject=\"sip\"}"))
        .isEqualTo(3);
    assertThat(
            Exposition.value(
                samples,
                "lkscaler_desired_replicas{namespace=\"livekit\",policy=\"egress\",scaledobject=\"egress\"}"))
        .isEqualTo(5);
    String load =
        "{namespace=\"livekit\",policy=\"agents\",scaledobject=\"agents\",signal=\"load\"}";
    assertThat(Exposition.value(samples, "lkscaler_signal_input" + load))
        .isCloseTo(2.8, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(Exposition.value(samples, "lkscaler_out_of_service_pods" + load)).isEqualTo(2);
    assertThat(
            Exposition.value(
                samples,
                "lkscaler_signal_input{namespace=\"livekit\",policy=\"sip\",scaledobject=\"sip\",signal=\"calls\"}"))
        .isEqualTo(130);
    assertThat(
            Exposition.value(
                samples,
                "lkscaler_policy_threshold{policy=\"agents\",signal=\"load\",threshold=\"scaleUpAt\"}"))
        .isEqualTo(0.5);
    assertThat(
            Exposition.value(
                samples,
                "lkscaler_policy_threshold{policy=\"agents\",signal=\"load\",threshold=\"outOfServiceAt\"}"))
        .isEqualTo(0.7);
    assertThat(
            Exposition.value(samples, "lkscaler_policy_replicas{bound=\"max\",policy=\"agents\"}"))
        .isEqualTo(100);
    assertThat(Exposition.value(samples, "lkscaler_policy_reload_total{result=\"applied\"}"))
        .isEqualTo(1);
    assertThat(
            Exposition.value(
                samples, "lkscaler_grpc_requests_total{code=\"OK\",method=\"GetMetrics\"}"))
        .isEqualTo(3);
    assertThat(
            Exposition.value(
                samples, "lkscaler_grpc_requests_total{code=\"OK\",method=\"GetMetricSpec\"}"))
        .isEqualTo(10);
    // three signals, each asked once, or twice if a slow machine outlived the 1 s TTL before the
    // IsActive; each request timed
    double ok = Exposition.value(samples, "lkscaler_prometheus_requests_total{result=\"ok\"}");
    assertThat(ok).isBetween(3.0, 4.0);
    assertThat(Exposition.value(samples, "lkscaler_prometheus_request_duration_seconds_count"))
        .isEqualTo(ok);
  }

  @Test
  void activationWakesAWorkloadWithNoPods() throws Exception {
    assertThat(desired("quiet-agents", "quiet", "agents")).isZero();
    assertThat(keda().isActive(ref("quiet", "agents", "policy", "quiet-agents")).getResult())
        .isTrue();
    // no pods and no SFU at all: sum() over nothing is no series, which is missing data, not
    // "inactive"; GetMetrics and IsActive come from one evaluation, so both say so
    for (Runnable call :
        List.<Runnable>of(
            () -> desired("quiet-agents", "empty", "agents"),
            () -> keda().isActive(ref("empty", "agents", "policy", "quiet-agents")))) {
      assertFailsWith(call::run, Status.Code.UNAVAILABLE)
          .isEqualTo(
              "quiet-agents/activation: query returned no series; no good decision for empty/agents"
                  + " within lastKnownGoodFor (4s)");
    }
  }

  @Test
  void streamIsActiveSendsTheStateAtOnceThenEachChange() throws Exception {
    // the series this test changes are its own, in a namespace no other test reads
    Map<String, String> room =
        Map.of("namespace", "streamed", "node_id", "sfu-s", "node_type", "SERVER");
    exporter.set("livekit_room_total", room, 1);
    prometheus.await(
        "sum(livekit_room_total{namespace=\"streamed\"})",
        body -> body.contains("\"1\""),
        Duration.ofSeconds(20));
    LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    ExternalScalerGrpc.ExternalScalerStub async = ExternalScalerGrpc.newStub(lkscaler.channel);
    io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
    context.run(
        () ->
            async.streamIsActive(
                ref("streamed", "stream", "policy", "quiet-agents"), Observers.collect(received)));
    assertThat(received.poll(2, TimeUnit.SECONDS)).isEqualTo(true);

    exporter.set("livekit_room_total", room, 0);
    // one scrape (1 s), one cache TTL (1 s) and one stream tick (1 s)
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(false);
    exporter.set("livekit_room_total", room, 2);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(true);
    context.cancel(null);
    Object last = received.poll(2, TimeUnit.SECONDS);
    assertThat(last)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.CANCELLED));
    // the server saw the cancel and ended the stream
    await("the server ends the cancelled stream")
        .untilAsserted(
            () ->
                assertThat(scrapeScaler())
                    .contains(
                        "lkscaler_grpc_requests_total{code=\"CANCELLED\",method=\"StreamIsActive\"} 1.0")
                    .contains("lkscaler_grpc_calls_in_flight{method=\"StreamIsActive\"} 0.0"));
    await("nothing comes after the end")
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(received::isEmpty);
  }

  @Test
  void badMetadataIsRefusedWithTheFieldNamed() {
    assertFailsWith(
            () -> keda().getMetrics(metrics(ref(NS, "x"), "lkscaler-agents")),
            Status.Code.INVALID_ARGUMENT)
        .isEqualTo(
            "scalerMetadata.policy: expected the name of a policy (one of agents, ahead, egress, quiet-agents, recorders, sip). Found: nothing");
    assertFailsWith(
            () -> keda().getMetricSpec(ref(NS, "x", "policy", "recorder")), Status.Code.NOT_FOUND)
        .isEqualTo(
            "scalerMetadata.policy: expected one of the known policies agents, ahead, egress, quiet-agents, recorders, sip. Found: \"recorder\"");
    assertFailsWith(
            () ->
                keda()
                    .isActive(
                        ref("livekit\"}) or vector(100) or (x{a=\"", "x", "policy", "agents")),
            Status.Code.INVALID_ARGUMENT)
        .startsWith("scaledObjectRef.namespace: expected a Kubernetes name or label value");
    assertFailsWith(
        () ->
            ExternalScalerGrpc.newBlockingStub(lkscaler.channel)
                .streamMetricSpec(ref(NS, "x", "policy", "agents"))
                .next(),
        Status.Code.UNIMPLEMENTED);
  }

  @Test
  void servesHealthAndReflection() throws Exception {
    HealthCheckResponse health =
        HealthGrpc.newBlockingStub(lkscaler.channel)
            .check(
                HealthCheckRequest.newBuilder()
                    .setService("externalscaler.ExternalScaler")
                    .build());
    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

    CompletableFuture<ServerReflectionResponse> listed = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(lkscaler.channel)
            .serverReflectionInfo(Observers.complete(listed));
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    List<String> services = new ArrayList<>();
    listed
        .get(5, TimeUnit.SECONDS)
        .getListServicesResponse()
        .getServiceList()
        .forEach(s -> services.add(s.getName()));
    requests.onCompleted();
    assertThat(services).contains("externalscaler.ExternalScaler", "grpc.health.v1.Health");

    HttpResponse<String> ready =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + lkscaler.scaler.httpPort() + "/readyz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
  }

  @Test
  void oneHundredScaledObjectsCostPrometheusOneQuery() throws Exception {
    // this test's scaler has an empty cache: the first calls must ask Prometheus
    long before = prometheus.queryRequestsServed();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<long[]>> answers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ScaledObjectRef ref = ref(NS, "agents-" + i, "policy", "agents");
      answers.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                long value =
                    keda()
                        .getMetrics(metrics(ref, "lkscaler-agents"))
                        .getMetricValues(0)
                        .getMetricValue();
                boolean active = keda().isActive(ref).getResult();
                return new long[] {value, active ? 1 : 0};
              },
              pool));
    }
    go.countDown();
    for (CompletableFuture<long[]> answer : answers) {
      assertThat(answer.get(10, TimeUnit.SECONDS)).containsExactly(6, 1);
    }
    pool.shutdown();
    // Prometheus counts a request when its handler returns, a moment after its reply
    await("Prometheus counts the query").until(() -> prometheus.queryRequestsServed() > before);
    assertThat(prometheus.queryRequestsServed() - before).isEqualTo(1);
  }

  @Test
  void withPrometheusStoppedServesTheLastGoodDecisionThenUnavailable() throws Exception {
    // it stops Prometheus: its own, so that the shared one serves the other tests
    try (RealPrometheus own = startPrometheus()) {
      Lkscaler lk = lkscaler(own.url());
      long askedAt = System.nanoTime();
      assertThat(lk.desired("agents", NS, "lkg")).isEqualTo(6);
      own.stop();

      // calls within the 1 s TTL get the cached sample; the first past it asks Prometheus, fails,
      // and gets the last good decision
      await("a call past the TTL is answered from the last good decision")
          .until(
              () -> {
                assertThat(lk.desired("agents", NS, "lkg")).isEqualTo(6);
                return lk.scrape()
                    .contains("lkscaler_last_known_good_served_total{policy=\"agents\"} 1.0");
              });
      assertThat(lk.keda().isActive(ref(NS, "lkg", "policy", "agents")).getResult()).isTrue();
      assertThat(lk.scrape())
          .contains("lkscaler_last_known_good_served_total{policy=\"agents\"} 2.0");

      // until lastKnownGoodFor has passed since that good decision; then UNAVAILABLE
      StatusRuntimeException unavailable =
          await("past lastKnownGoodFor, the call fails")
              .atMost(LAST_KNOWN_GOOD_FOR.plusSeconds(5))
              .until(
                  () -> {
                    try {
                      assertThat(lk.desired("agents", NS, "lkg")).isEqualTo(6);
                      return null;
                    } catch (StatusRuntimeException e) {
                      return e;
                    }
                  },
                  Objects::nonNull);
      assertThat(Duration.ofNanos(System.nanoTime() - askedAt))
          .as("the last good decision served for lastKnownGoodFor")
          .isGreaterThanOrEqualTo(LAST_KNOWN_GOOD_FOR);
      assertThat(unavailable.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(unavailable.getStatus().getDescription())
          .startsWith(
              "agents/load: cannot reach Prometheus at "
                  + own.url()
                  + "/api/v1/query: connection refused")
          .endsWith("; no good decision for livekit/lkg within lastKnownGoodFor (4s)");
      assertFailsWith(
          () -> lk.keda().isActive(ref(NS, "lkg", "policy", "agents")), Status.Code.UNAVAILABLE);
      // the spec never depends on Prometheus
      assertThat(lk.keda().getMetricSpec(ref(NS, "lkg", "policy", "agents")).getMetricSpecsCount())
          .isEqualTo(1);
    }
  }
}
