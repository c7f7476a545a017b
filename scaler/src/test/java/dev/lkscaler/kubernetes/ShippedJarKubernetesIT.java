package dev.lkscaler.kubernetes;

import static dev.lkscaler.testing.KubeObjects.create;
import static dev.lkscaler.testing.KubeObjects.deployment;
import static dev.lkscaler.testing.KubeObjects.scaledObject;
import static dev.lkscaler.testing.Refs.metrics;
import static dev.lkscaler.testing.Refs.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.testing.FakePrometheus;
import dev.lkscaler.testing.KubeObjects;
import dev.lkscaler.testing.PolicyTexts;
import dev.lkscaler.testing.RealPrometheus;
import dev.lkscaler.testing.Scalers;
import dev.lkscaler.testing.ServeProcess;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar against an API server (fabric8's mock, CRUD mode), found as in a pod from the
 * environment: its policy ConfigMap, edits through the watch, a rejected edit as an Event, and
 * replicas of a Deployment through the watch. The jar lists fewer Kubernetes kinds than the
 * classpath the other tests run on (see the shade filter in scaler/pom.xml).
 */
class ShippedJarKubernetesIT {
  @TempDir Path dir;

  /** The UNAVAILABLE text for the ScaledObject; Prometheus has no series for it. */
  private static String noData(ExternalScalerGrpc.ExternalScalerBlockingStub keda) {
    try {
      keda.withDeadlineAfter(3, TimeUnit.SECONDS)
          .getMetrics(metrics(ref("livekit", "agents", "policy", "agents"), "lkscaler-agents"));
      return "answered";
    } catch (StatusRuntimeException e) {
      return e.getStatus().getDescription();
    }
  }

  @Test
  void theJarFollowsItsConfigMapRecordsARejectionAndTracksReplicas() throws Exception {
    KubernetesMockServer api = KubeObjects.crudServer(0);
    Process process = null;
    ManagedChannel channel = null;
    try (FakePrometheus prometheus = new FakePrometheus()) {
      KubernetesClient admin = api.createClient();
      KubeObjects.configMap(
          admin,
          "lkscaler",
          "policy",
          Map.of("policy.yaml", PolicyTexts.loadPolicies(prometheus.url(), "agents")));
      deployment(admin, "livekit", "agents-workers", 3);
      create(admin, scaledObject("livekit", "agents", "agents-workers", null, null));

      int grpcPort = RealPrometheus.freePort();
      int httpPort = RealPrometheus.freePort();
      Path log = dir.resolve("serve.log");
      process =
          KubeObjects.inPod(
                  ServeProcess.serve(
                      grpcPort, httpPort, log, List.of("--policy-configmap", "lkscaler/policy")),
                  api.getPort(),
                  "lkscaler")
              .start();
      Scalers.awaitReady(httpPort, Duration.ofSeconds(30), process, log);
      channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
      ExternalScalerGrpc.ExternalScalerBlockingStub keda =
          ExternalScalerGrpc.newBlockingStub(channel);

      await("the Deployment's replicas, listed")
          .atMost(Duration.ofSeconds(30))
          .until(() -> noData(keda).contains("while the target has 3 replicas"));
      KubeObjects.setReplicas(
          admin, Deployment.class, "livekit", "agents-workers", KubeObjects.Replicas.STATUS, 5);
      await("the Deployment's replicas, watched")
          .atMost(Duration.ofSeconds(30))
          .until(() -> noData(keda).contains("while the target has 5 replicas"));

      KubeObjects.configMap(
          admin,
          "lkscaler",
          "policy",
          Map.of("policy.yaml", PolicyTexts.loadPolicies(prometheus.url(), "agents", "sip")));
      await("an edit, watched")
          .atMost(Duration.ofSeconds(30))
          .until(() -> Scalers.knows(keda, "sip"));

      KubeObjects.configMap(
          admin,
          "lkscaler",
          "policy",
          Map.of(
              "policy.yaml",
              PolicyTexts.loadPolicies(prometheus.url(), "agents", "sip") + "bogus: 1\n"));
      await("a rejected edit, recorded on the ConfigMap")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                List<Event> events = admin.v1().events().inNamespace("lkscaler").list().getItems();
                return events.stream().anyMatch(e -> "PolicyRejected".equals(e.getReason()));
              });
      assertThat(Scalers.knows(keda, "sip")).as("the last good policy stays").isTrue();
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
      if (process != null) {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
      }
      api.destroy();
    }
  }
}
