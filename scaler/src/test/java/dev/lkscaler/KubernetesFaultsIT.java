package dev.lkscaler;

import static dev.lkscaler.testing.Refs.metrics;
import static dev.lkscaler.testing.Refs.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.testing.Exposition;
import dev.lkscaler.testing.FakePrometheus;
import dev.lkscaler.testing.Http;
import dev.lkscaler.testing.KubeObjects;
import dev.lkscaler.testing.Observers;
import dev.lkscaler.testing.PolicyTexts;
import dev.lkscaler.testing.RealPrometheus;
import dev.lkscaler.testing.Scalers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes API misbehaving under a serving scaler (fabric8's mock server in CRUD mode):
 * unreachable at start-up, a ConfigMap mangled every way, a ScaledObject deleted while its streams
 * are open. Serving goes on and the last good policy stays.
 */
class KubernetesFaultsIT {
  private final List<AutoCloseable> closing = new ArrayList<>();
  private KubernetesMockServer api;

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    if (api != null) {
      api.destroy();
    }
  }

  private static String policy(URI prometheus, String... names) {
    return PolicyTexts.loadPolicies(prometheus, names);
  }

  private Scaler configMapScaler(int port) throws Exception {
    Scaler scaler =
        Scaler.start(
            new Scaler.Settings(
                new Scaler.FromConfigMap("lkscaler", "policy", "policy.yaml"), 0, 0),
            Optional.of(KubeObjects.scalerClient(port)),
            Clock.systemUTC());
    closing.add(() -> scaler.stop(Duration.ofSeconds(1)));
    return scaler;
  }

  private ManagedChannel channel(Scaler scaler) {
    ManagedChannel channel = Scalers.channel(scaler);
    closing.add(channel::shutdownNow);
    return channel;
  }

  private static ServingStatus health(ManagedChannel channel) {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(2, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("externalscaler.ExternalScaler").build())
        .getStatus();
  }

  private FakePrometheus prometheus(String... values) throws Exception {
    FakePrometheus prometheus =
        new FakePrometheus().replyToAll(200, FakePrometheus.vectorBody(values));
    closing.add(prometheus);
    return prometheus;
  }

  @Test
  void anApiServerUnreachableAtStartUpLeavesTheProcessAliveUntilItComes() throws Exception {
    FakePrometheus prometheus = prometheus("0.9");
    int port = RealPrometheus.freePort();
    Scaler scaler = configMapScaler(port);
    ManagedChannel channel = channel(scaler);
    // alive, not ready: no policy can be read yet
    assertThat(health(channel)).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(
            Http.status(
                URI.create("http://127.0.0.1:" + scaler.httpPort() + "/healthz"),
                Duration.ofSeconds(2)))
        .isEqualTo(200);
    assertThat(Exposition.current(scaler.httpPort(), "lkscaler_policy_source_available")).isZero();

    api = KubeObjects.crudServer(port);
    KubeObjects.configMap(
        api.createClient(),
        "lkscaler",
        "policy",
        Map.of("policy.yaml", policy(prometheus.url(), "agents")));
    await("SERVING once the API server answers")
        .atMost(Duration.ofSeconds(30))
        .until(() -> health(channel) == ServingStatus.SERVING);
    assertThat(Scalers.knows(ExternalScalerGrpc.newBlockingStub(channel), "agents")).isTrue();
  }

  @Test
  void aMangledConfigMapIsRejectedEveryWayAndTheLastGoodPolicyStays() throws Exception {
    FakePrometheus prometheus = prometheus("0.9");
    api = KubeObjects.crudServer(0);
    KubernetesClient admin = api.createClient();
    Scaler scaler = configMapScaler(api.getPort());
    ManagedChannel channel = channel(scaler);
    await("the scaler watches the ConfigMap")
        .until(
            () ->
                Exposition.current(
                        scaler.httpPort(), "lkscaler_kubernetes_watching{resource=\"configmaps\"}")
                    == 1);
    KubeObjects.configMap(
        admin, "lkscaler", "policy", Map.of("policy.yaml", policy(prometheus.url(), "agents")));
    await("SERVING").until(() -> health(channel) == ServingStatus.SERVING);

    List<Map<String, String>> mangled =
        List.of(
            Map.of("policy.yaml", "\u0000\u0001\u0002 not yaml at all {{{"),
            Map.of("policy.yaml", ""),
            Map.of("policy.yaml", "- a\n- list\n"),
            Map.of("policy.yaml", "x".repeat(2_000_000)),
            Map.of("other.yaml", policy(prometheus.url(), "sip")));
    double rejected =
        Exposition.current(scaler.httpPort(), "lkscaler_policy_reload_total{result=\"rejected\"}");
    for (Map<String, String> data : mangled) {
      KubeObjects.configMap(admin, "lkscaler", "policy", data);
      double before = rejected;
      await("the mangled ConfigMap is rejected")
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  Exposition.current(
                          scaler.httpPort(), "lkscaler_policy_reload_total{result=\"rejected\"}")
                      > before);
      rejected =
          Exposition.current(
              scaler.httpPort(), "lkscaler_policy_reload_total{result=\"rejected\"}");
      assertThat(Scalers.knows(ExternalScalerGrpc.newBlockingStub(channel), "agents"))
          .as("the last good policy stays")
          .isTrue();
      assertThat(health(channel)).isEqualTo(ServingStatus.SERVING);
    }
  }

  @Test
  void aScaledObjectDeletedWhileItsStreamIsOpen() throws Exception {
    FakePrometheus prometheus = prometheus("0.9");
    api = KubeObjects.crudServer(0);
    KubernetesClient admin = api.createClient();
    KubeObjects.deployment(admin, "livekit", "agents", 2);
    KubeObjects.create(
        admin, KubeObjects.scaledObject("livekit", "agents", "agents", "Deployment", "apps/v1"));
    KubeObjects.deployment(admin, "livekit", "other", 1);
    KubeObjects.create(
        admin, KubeObjects.scaledObject("livekit", "other", "other", "Deployment", "apps/v1"));
    Scaler scaler =
        Scalers.start(
            java.nio.file.Files.createTempFile("lkscaler", ".yaml"),
            policy(prometheus.url(), "agents"),
            Optional.of(KubeObjects.scalerClient(api.getPort())),
            Clock.systemUTC(),
            Duration.ofSeconds(10));
    closing.add(() -> scaler.stop(Duration.ofSeconds(1)));
    ManagedChannel channel = channel(scaler);
    await("the scaler follows the ScaledObjects")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Exposition.current(
                        scaler.httpPort(),
                        "lkscaler_kubernetes_watching{resource=\"scaledobjects\"}")
                    == 1);

    LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    ExternalScalerGrpc.newStub(channel)
        .streamIsActive(ref("livekit", "agents", "policy", "agents"), Observers.collect(received));
    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(true);

    admin
        .genericKubernetesResources(dev.lkscaler.kubernetes.ScaledObjects.RESOURCE)
        .inNamespace("livekit")
        .withName("agents")
        .delete();
    // the stream is KEDA's to end; the scaler keeps answering it and everyone else
    await("the stream stays open and quiet, the other ScaledObject is served")
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(received).isEmpty();
              assertThat(
                      ExternalScalerGrpc.newBlockingStub(channel)
                          .withDeadlineAfter(3, TimeUnit.SECONDS)
                          .getMetrics(
                              metrics(
                                  ref("livekit", "other", "policy", "agents"), "lkscaler-agents"))
                          .getMetricValues(0)
                          .getMetricValue())
                  .isEqualTo(2);
            });
    prometheus.replyToAll(200, FakePrometheus.vectorBody());
    // with no ScaledObject the replicas are unknown: an empty result is as onEmpty says (hold),
    // so no data, never a false from it
    await("no false comes of it")
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(received::isEmpty);
  }
}
