package dev.lkscaler.kubernetes;

import static dev.lkscaler.testing.KubeObjects.create;
import static dev.lkscaler.testing.KubeObjects.deployment;
import static dev.lkscaler.testing.KubeObjects.scaledObject;
import static dev.lkscaler.testing.KubeObjects.statefulSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.metrics.ScalerMetrics;
import dev.lkscaler.plan.Replicas;
import dev.lkscaler.scaling.ScaleTargets;
import dev.lkscaler.testing.KubeObjects;
import dev.lkscaler.testing.Metrics;
import dev.lkscaler.testing.MutableClock;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The informers list and watch before a test creates anything, so that every object arrives once,
 * as a watch event: the mock server sends what it holds again when a watch opens, and a test that
 * ended on a listed object could close the watch while the mock writes that copy, which deadlocks
 * the mock (see ConfigMapPolicySourceTest).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesScaleTargetsTest {
  KubernetesMockServer server;
  KubernetesClient client;

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private KubernetesScaleTargets targets;

  @BeforeEach
  void start() {
    KubeObjects.expectScaledObjects(server);
    ScaleSubresources otherKinds =
        new ScaleSubresources(
            client,
            new ScaleSubresources.Refresh(
                scheduler, new MutableClock(), Duration.ofSeconds(15), Duration.ofMinutes(10)));
    targets =
        new KubernetesScaleTargets(new ScalerMetrics(registry)::watching, new MutableClock())
            .connect(client, otherKinds)
            .start();
    await("the informers list and watch")
        .untilAsserted(
            () -> {
              for (String resource :
                  new String[] {"scaledobjects", "deployments", "statefulsets"}) {
                assertThat(
                        Metrics.gauge(
                            registry, "lkscaler_kubernetes_watching", "resource", resource))
                    .as(resource)
                    .isEqualTo(1);
              }
            });
  }

  @AfterEach
  void stop() {
    targets.close();
    scheduler.shutdownNow();
  }

  /** The informers are eventually consistent: wait until the lookup gives the target's count. */
  private void awaitTarget(String scaledObject, String target, Replicas replicas) {
    ScaleTargets.Status expected = new ScaleTargets.Status(Optional.of(target), replicas);
    await()
        .untilAsserted(
            () -> assertThat(targets.lookup("livekit", scaledObject)).isEqualTo(expected));
  }

  @Test
  void aDeploymentByDefault() {
    deployment(client, "livekit", "agents", 3);
    create(client, scaledObject("livekit", "agents-so", "agents", null, null));
    awaitTarget("agents-so", "agents", new Replicas.Known(3));
  }

  @Test
  void aDeploymentAtZeroHasNoStatusReplicas() {
    deployment(client, "livekit", "egress", null);
    create(client, scaledObject("livekit", "egress", "egress", "Deployment", "apps/v1"));
    awaitTarget("egress", "egress", new Replicas.Known(0));
  }

  @Test
  void aStatefulSet() {
    statefulSet(client, "livekit", "sip", 2);
    create(client, scaledObject("livekit", "sip", "sip", "StatefulSet", "apps/v1"));
    awaitTarget("sip", "sip", new Replicas.Known(2));
  }

  @Test
  void followsReplicaChanges() {
    deployment(client, "livekit", "agents", 3);
    create(client, scaledObject("livekit", "agents", "agents", null, null));
    awaitTarget("agents", "agents", new Replicas.Known(3));
    KubeObjects.setReplicas(
        client, Deployment.class, "livekit", "agents", KubeObjects.Replicas.STATUS, 0);
    awaitTarget("agents", "agents", new Replicas.Known(0));
  }

  @Test
  void aMissingScaledObject() {
    deployment(client, "livekit", "other", 1);
    create(client, scaledObject("livekit", "other", "other", null, null));
    awaitTarget("other", "other", new Replicas.Known(1));
    assertThat(targets.lookup("livekit", "absent"))
        .isEqualTo(ScaleTargets.Status.unknown("no ScaledObject livekit/absent"));
  }

  @Test
  void aMissingTarget() {
    create(client, scaledObject("livekit", "ghost", "ghost-deployment", null, null));
    awaitTarget(
        "ghost",
        "ghost-deployment",
        new Replicas.Unknown("no Deployment livekit/ghost-deployment"));
  }

  @Test
  void otherKindsThroughTheirScaleSubresource() {
    server.expectCustomResource(
        new io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext.Builder()
            .withGroup("argoproj.io")
            .withVersion("v1alpha1")
            .withKind("Rollout")
            .withPlural("rollouts")
            .withScope("Namespaced")
            .build());
    client
        .genericKubernetesResources("argoproj.io/v1alpha1", "Rollout")
        .inNamespace("livekit")
        .resource(
            new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Rollout")
                .withNewMetadata()
                .withNamespace("livekit")
                .withName("agents-rollout")
                .endMetadata()
                .addToAdditionalProperties("spec", java.util.Map.of("replicas", 4))
                .addToAdditionalProperties("status", java.util.Map.of("replicas", 4))
                .build())
        .create();
    create(
        client,
        scaledObject("livekit", "rolled", "agents-rollout", "Rollout", "argoproj.io/v1alpha1"));
    awaitTarget("rolled", "agents-rollout", new Replicas.Known(4));
  }
}
