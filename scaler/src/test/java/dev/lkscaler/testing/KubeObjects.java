package dev.lkscaler.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Objects as a cluster holds them, for fabric8's mock API server in CRUD mode. */
public final class KubeObjects {
  public static final ResourceDefinitionContext SCALED_OBJECTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withKind("ScaledObject")
          .withPlural("scaledobjects")
          .withNamespaced(true)
          .build();

  private KubeObjects() {}

  /** Tells the mock server that ScaledObjects are a namespaced custom resource. */
  public static void expectScaledObjects(KubernetesMockServer server) {
    server.expectCustomResource(
        new io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext.Builder()
            .withGroup("keda.sh")
            .withVersion("v1alpha1")
            .withKind("ScaledObject")
            .withPlural("scaledobjects")
            .withScope("Namespaced")
            .build());
  }

  /** A ScaledObject whose scaleTargetRef has the given kind and apiVersion (null: left out). */
  public static GenericKubernetesResource scaledObject(
      String namespace, String name, String target, String kind, String apiVersion) {
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("name", target);
    if (kind != null) {
      ref.put("kind", kind);
    }
    if (apiVersion != null) {
      ref.put("apiVersion", apiVersion);
    }
    Map<String, Object> trigger =
        Map.of(
            "type",
            "external",
            "metadata",
            Map.of("scalerAddress", "lkscaler:9090", "policy", "agents"));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("keda.sh/v1alpha1")
        .withKind("ScaledObject")
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .addToAdditionalProperties(
            "spec", Map.of("scaleTargetRef", ref, "triggers", java.util.List.of(trigger)))
        .build();
  }

  public static GenericKubernetesResource create(
      KubernetesClient client, GenericKubernetesResource object) {
    return client
        .genericKubernetesResources(SCALED_OBJECTS)
        .inNamespace(object.getMetadata().getNamespace())
        .resource(object)
        .create();
  }

  /** A Deployment whose status says it has {@code replicas} (null: no status.replicas, as at 0). */
  public static Deployment deployment(
      KubernetesClient client, String namespace, String name, Integer replicas) {
    Deployment deployment =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .resource(
                new DeploymentBuilder()
                    .withNewMetadata()
                    .withNamespace(namespace)
                    .withName(name)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(replicas == null ? 0 : replicas)
                    .endSpec()
                    .build())
            .create();
    deployment.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
            .withReplicas(replicas)
            .build());
    return client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
  }

  public static StatefulSet statefulSet(
      KubernetesClient client, String namespace, String name, int replicas) {
    StatefulSet set =
        client
            .apps()
            .statefulSets()
            .inNamespace(namespace)
            .resource(
                new StatefulSetBuilder()
                    .withNewMetadata()
                    .withNamespace(namespace)
                    .withName(name)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(replicas)
                    .endSpec()
                    .build())
            .create();
    set.setStatus(
        new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
            .withReplicas(replicas)
            .build());
    return client.apps().statefulSets().inNamespace(namespace).resource(set).updateStatus();
  }
}
