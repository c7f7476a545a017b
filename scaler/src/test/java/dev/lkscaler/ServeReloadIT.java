package dev.lkscaler;

import static dev.lkscaler.testing.Refs.metrics;
import static dev.lkscaler.testing.Refs.ref;
import static dev.lkscaler.testing.Statuses.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.testing.Exposition;
import dev.lkscaler.testing.FakePrometheus;
import dev.lkscaler.testing.Http;
import dev.lkscaler.testing.KubeObjects;
import dev.lkscaler.testing.PolicyTexts;
import dev.lkscaler.testing.RealPrometheus;
import dev.lkscaler.testing.Scalers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve with a policy that changes under it: from a file, and from a ConfigMap whose API server
 * goes away.
 */
class ServeReloadIT {
  @TempDir Path dir;

  private static String policy(URI prometheus, String... names) {
    return PolicyTexts.loadPolicies(prometheus, names);
  }

  /** A scaler on free ports, not waiting for it to serve: these tests watch it get there. */
  private static Scaler start(Scaler.PolicySource source, Optional<KubernetesClient> kubernetes)
      throws Exception {
    return Scaler.start(new Scaler.Settings(source, 0, 0), kubernetes, Clock.systemUTC());
  }

  private static ServingStatus health(ManagedChannel channel) {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(2, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("externalscaler.ExternalScaler").build())
        .getStatus();
  }

  private static int readyz(Scaler scaler) throws Exception {
    return Http.status(
        URI.create("http://127.0.0.1:" + scaler.httpPort() + "/readyz"), Duration.ofSeconds(5));
  }

  private static long getMetrics(
      ExternalScalerGrpc.ExternalScalerBlockingStub keda, String policy) {
    return keda.withDeadlineAfter(3, TimeUnit.SECONDS)
        .getMetrics(metrics(ref("livekit", "so", "policy", policy), "lkscaler-" + policy))
        .getMetricValues(0)
        .getMetricValue();
  }

  private static double rejectedReloads(Scaler scaler) throws Exception {
    return Exposition.current(
        scaler.httpPort(), "lkscaler_policy_reload_total{result=\"rejected\"}");
  }

  private static double configMapWatch(Scaler scaler) throws Exception {
    return Exposition.current(
        scaler.httpPort(), "lkscaler_kubernetes_watching{resource=\"configmaps\"}");
  }

  @Test
  void aFilePolicyIsRetriedUntilValidThenReloadedOnEveryEdit() throws Exception {
    try (FakePrometheus prometheus =
        new FakePrometheus().replyToAll(200, FakePrometheus.vectorBody("0.9"))) {
      Path file = dir.resolve("policy.yaml");
      Files.writeString(file, "prometheus: {url: http://p}\npolicies: {}\n");
      Scaler scaler = start(new Scaler.FromFile(file), Optional.empty());
      ManagedChannel channel = Scalers.channel(scaler);
      try {
        ExternalScalerGrpc.ExternalScalerBlockingStub keda =
            ExternalScalerGrpc.newBlockingStub(channel);
        assertThat(health(channel)).isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(readyz(scaler)).isEqualTo(503);
        assertFailsWith(
                () -> keda.getMetricSpec(ref("livekit", "so", "policy", "agents")),
                Status.Code.UNAVAILABLE)
            .startsWith("no valid policy is in force: file " + file + " (version sha256:")
            .endsWith(") is invalid: policies: expected at least one policy. Found: none");

        Files.writeString(file, policy(prometheus.url(), "agents"));
        await("SERVING after the fix").until(() -> health(channel) == ServingStatus.SERVING);
        assertThat(readyz(scaler)).isEqualTo(200);
        assertThat(getMetrics(keda, "agents")).isEqualTo(2);

        Files.writeString(file, policy(prometheus.url(), "agents", "sip"));
        await("the edit in force").until(() -> Scalers.knows(keda, "sip"));

        double rejected = rejectedReloads(scaler);
        Files.writeString(file, policy(prometheus.url(), "agents", "sip") + "bogus: 1\n");
        await("the bad edit is rejected").until(() -> rejectedReloads(scaler) == rejected + 1);
        assertThat(Scalers.knows(keda, "sip"))
            .as("a rejected edit keeps the last good policy")
            .isTrue();
        assertThat(health(channel)).isEqualTo(ServingStatus.SERVING);
        assertThat(readyz(scaler)).as("and the pod ready").isEqualTo(200);
      } finally {
        channel.shutdownNow();
        scaler.stop(Duration.ofSeconds(1));
      }
    }
  }

  private static void writeConfigMap(KubernetesClient client, String text) {
    KubeObjects.configMap(client, "lkscaler", "policy", Map.of("policy.yaml", text));
  }

  @Test
  void aConfigMapPolicySurvivesTheApiServerGoingAwayAndTheWatchReconnects() throws Exception {
    int port = RealPrometheus.freePort();
    KubernetesMockServer api = KubeObjects.crudServer(port);
    try (FakePrometheus prometheus =
        new FakePrometheus().replyToAll(200, FakePrometheus.vectorBody("0.9"))) {
      KubernetesClient scalerClient = KubeObjects.scalerClient(port);
      Scaler scaler =
          start(
              new Scaler.FromConfigMap("lkscaler", "policy", "policy.yaml"),
              Optional.of(scalerClient));
      ManagedChannel channel = Scalers.channel(scaler);
      try {
        ExternalScalerGrpc.ExternalScalerBlockingStub keda =
            ExternalScalerGrpc.newBlockingStub(channel);
        assertThat(health(channel)).isEqualTo(ServingStatus.NOT_SERVING);

        // created once the scaler watches, it arrives as a watch event (see
        // ConfigMapPolicySourceTest on why a test must not end on a listed object)
        await("the scaler watches the ConfigMap").until(() -> configMapWatch(scaler) == 1);
        KubernetesClient admin = api.createClient();
        writeConfigMap(admin, policy(prometheus.url(), "agents"));
        await("SERVING once the ConfigMap exists")
            .until(() -> health(channel) == ServingStatus.SERVING);

        writeConfigMap(admin, policy(prometheus.url(), "agents", "sip"));
        long editedAt = System.nanoTime();
        await("the edit in force").until(() -> Scalers.knows(keda, "sip"));
        System.out.println(
            "ConfigMap edit took effect after "
                + Duration.ofNanos(System.nanoTime() - editedAt).toMillis()
                + " ms");

        api.destroy();
        await("the scaler sees the watch go down").until(() -> configMapWatch(scaler) == 0);
        await("serving goes on from the last good policy while the API server is down")
            .during(Duration.ofMillis(1500))
            .atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(getMetrics(keda, "sip")).isEqualTo(2));

        api = KubeObjects.crudServer(port);
        writeConfigMap(api.createClient(), policy(prometheus.url(), "agents", "sip", "egress"));
        await("the scaler relists and sees the new ConfigMap")
            .atMost(Duration.ofSeconds(30))
            .until(() -> Scalers.knows(keda, "egress"));
        await("the watch is back").until(() -> configMapWatch(scaler) == 1);
        writeConfigMap(
            api.createClient(), policy(prometheus.url(), "agents", "sip", "egress", "ingress"));
        await("the reconnected watch delivers the next edit")
            .until(() -> Scalers.knows(keda, "ingress"));
      } finally {
        channel.shutdownNow();
        scaler.stop(Duration.ofSeconds(1));
        api.destroy();
      }
    }
  }
}
