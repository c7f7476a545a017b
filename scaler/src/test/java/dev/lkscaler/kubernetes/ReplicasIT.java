package dev.lkscaler.kubernetes;

import static dev.lkscaler.testing.KubeObjects.create;
import static dev.lkscaler.testing.KubeObjects.deployment;
import static dev.lkscaler.testing.KubeObjects.scaledObject;
import static dev.lkscaler.testing.Refs.metrics;
import static dev.lkscaler.testing.Refs.ref;
import static dev.lkscaler.testing.Statuses.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.Scaler;
import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.testing.KubeObjects;
import dev.lkscaler.testing.LiveKitExporter;
import dev.lkscaler.testing.RealPrometheus;
import dev.lkscaler.testing.Scalers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Empty Prometheus results against the scale target's replicas: a real Prometheus, the mock API
 * server in CRUD mode, and real gRPC calls.
 */
@EnableKubernetesMockClient(crud = true)
class ReplicasIT {
  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void emptyDataMeansZeroLoadAtZeroReplicasAndNoDataWithPodsRunning() throws Exception {
    KubeObjects.expectScaledObjects(server);
    deployment(client, "livekit", "idle-zero", null);
    deployment(client, "livekit", "idle-three", 3);
    deployment(client, "livekit", "busy", 3);
    create(client, scaledObject("livekit", "zero-so", "idle-zero", null, null));
    create(client, scaledObject("livekit", "three-so", "idle-three", "Deployment", "apps/v1"));
    create(client, scaledObject("livekit", "busy-so", "busy", null, null));

    try (LiveKitExporter exporter = new LiveKitExporter();
        RealPrometheus prometheus = startPrometheus(exporter)) {
      String policy =
          """
          prometheus: {url: %s}
          cache: {ttl: 1s, lastKnownGoodFor: 0s}
          policies:
            agents:
              signals:
                - {name: load, type: utilization, query: 'lk_agents_worker_load{namespace="{{namespace}}", deployment="{{target}}"}'}
          """
              .formatted(prometheus.url());
      // the scaler closes the client it is given; this one belongs to the mock server's extension
      KubernetesClient own = server.createClient();
      Scaler scaler = Scalers.fromText(policy, Optional.of(own));
      ManagedChannel channel = Scalers.channel(scaler);
      try {
        ExternalScalerGrpc.ExternalScalerBlockingStub keda =
            ExternalScalerGrpc.newBlockingStub(channel);
        awaitDesired(keda, "busy-so", 3);

        // the informers answer lookups: calls send nothing to the API server
        // (informers may relist or rewatch meanwhile; a lookup would be a GET of one named object)
        drainRequests();
        for (int i = 0; i < 20; i++) {
          assertThat(desired(keda, "busy-so")).isEqualTo(3);
        }
        assertThat(drainRequests())
            .noneMatch(
                path ->
                    path.contains("/scaledobjects/busy-so") || path.contains("/deployments/busy"));

        // no pods: no load, although onEmpty is hold
        awaitDesired(keda, "zero-so", 0);
        assertThat(
                keda.withDeadlineAfter(3, TimeUnit.SECONDS)
                    .isActive(ref("livekit", "zero-so", "policy", "agents"))
                    .getResult())
            .isFalse();

        // pods but no series: no data, never 0
        assertFailsWith(() -> desired(keda, "three-so"), Status.Code.UNAVAILABLE)
            .isEqualTo(
                "agents/load: query returned no series while the target has 3 replicas; no good decision for"
                    + " livekit/three-so within lastKnownGoodFor (0s)");

        // the Deployment scales to 0: the same empty result now means zero load
        client
            .apps()
            .deployments()
            .inNamespace("livekit")
            .withName("idle-three")
            .editStatus(
                d -> {
                  d.getStatus().setReplicas(null);
                  return d;
                });
        awaitDesired(keda, "three-so", 0);

        // a ScaledObject lkscaler cannot find: replicas unknown, onEmpty (hold) decides, and
        // {{target}} cannot expand
        assertFailsWith(() -> desired(keda, "nowhere"), Status.Code.UNAVAILABLE)
            .isEqualTo(
                "agents/load: {{target}} needs the scale target of livekit/nowhere, which is unknown: no ScaledObject livekit/nowhere");
      } finally {
        channel.shutdownNow();
        scaler.stop(Duration.ofSeconds(1));
      }
    }
  }

  /**
   * The paths of the requests the API server received since the last drain. A request is recorded
   * before it is answered, so those a finished call made are all there.
   */
  private List<String> drainRequests() throws InterruptedException {
    List<String> paths = new java.util.ArrayList<>();
    for (var request = server.takeRequest(0, TimeUnit.MILLISECONDS);
        request != null;
        request = server.takeRequest(0, TimeUnit.MILLISECONDS)) {
      paths.add(request.getPath());
    }
    return paths;
  }

  private static RealPrometheus startPrometheus(LiveKitExporter exporter) throws Exception {
    double[] loads = {0.6, 0.6, 0.3};
    for (int i = 0; i < loads.length; i++) {
      exporter.set(
          "lk_agents_worker_load",
          Map.of("namespace", "livekit", "deployment", "busy", "pod", "busy-" + i),
          loads[i]);
    }
    RealPrometheus prometheus = RealPrometheus.start(List.of(exporter.target()));
    prometheus.await(
        "count(lk_agents_worker_load)", body -> body.contains("\"3\""), Duration.ofSeconds(20));
    return prometheus;
  }

  private static long desired(
      ExternalScalerGrpc.ExternalScalerBlockingStub keda, String scaledObject) {
    return keda.withDeadlineAfter(3, TimeUnit.SECONDS)
        .getMetrics(metrics(ref("livekit", scaledObject, "policy", "agents"), "lkscaler-agents"))
        .getMetricValues(0)
        .getMetricValue();
  }

  /**
   * Informers and the 1 s cache make the answer eventually right; wait for it, then hold it to it.
   */
  private static void awaitDesired(
      ExternalScalerGrpc.ExternalScalerBlockingStub keda, String scaledObject, long expected) {
    await(scaledObject + " gets " + expected)
        .untilAsserted(
            () -> {
              Object answer;
              try {
                answer = desired(keda, scaledObject);
              } catch (StatusRuntimeException e) {
                answer = e.getStatus();
              }
              assertThat(answer).isEqualTo(expected);
            });
  }
}
