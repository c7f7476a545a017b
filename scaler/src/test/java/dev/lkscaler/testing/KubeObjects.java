package dev.lkscaler.testing;

import dev.lkscaler.kubernetes.ScaledObjects;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.EditReplacePatchable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Objects as a cluster holds them, for fabric8's mock API server in CRUD mode. */
public final class KubeObjects {
  /** Which replica count a write sets. */
  public enum Replicas {
    /** spec.replicas, as the HPA and KEDA set it through the scale subresource. */
    SPEC,
    /** status.replicas, as the workload's controller reports it. */
    STATUS
  }

  private KubeObjects() {}

  /**
   * The mock API server in CRUD mode on a loopback port (0: a free one), holding ScaledObjects as a
   * cluster with KEDA does.
   */
  public static KubernetesMockServer crudServer(int port) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getLoopbackAddress(), port);
    expectScaledObjects(server);
    return server;
  }

  /**
   * A client of the API server on this loopback port, for the scaler: namespace {@code lkscaler},
   * quick watch reconnects and no request retries, so that tests see outages as they happen.
   */
  public static KubernetesClient scalerClient(int port) {
    return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(
            new io.fabric8.kubernetes.client.ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port)
                .withNamespace("lkscaler")
                .withWatchReconnectInterval(100)
                .withRequestRetryBackoffLimit(0)
                .build())
        .build();
  }

  /**
   * Points a process at the mock API server on this loopback port as fabric8 finds one in a pod:
   * from the environment, with no kubeconfig to parse and none of this machine's own settings. (In
   * a pod it reads the service account's token and CA from files; the mock speaks plain HTTP and
   * needs neither.)
   */
  public static ProcessBuilder inPod(ProcessBuilder process, int port, String namespace) {
    process.environment().keySet().removeIf(name -> name.startsWith("KUBE"));
    process
        .environment()
        .putAll(
            Map.of(
                "KUBERNETES_MASTER",
                "http://127.0.0.1:" + port,
                "KUBERNETES_NAMESPACE",
                namespace,
                "KUBERNETES_AUTH_TRYKUBECONFIG",
                "false",
                "KUBERNETES_AUTH_TRYSERVICEACCOUNT",
                "false"));
    return process;
  }

  /** Tells the mock server that ScaledObjects are a namespaced custom resource. */
  public static void expectScaledObjects(KubernetesMockServer server) {
    server.expectCustomResource(ScaledObjects.RESOURCE);
  }

  /** A ScaledObject with the given spec. */
  public static GenericKubernetesResource scaledObject(
      String namespace, String name, Map<String, Object> spec) {
    return object(
        ScaledObjects.API_VERSION, ScaledObjects.RESOURCE.getKind(), namespace, name, spec);
  }

  private static GenericKubernetesResource object(
      String apiVersion, String kind, String namespace, String name, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
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
    return scaledObject(
        namespace, name, Map.of("scaleTargetRef", ref, "triggers", List.of(trigger)));
  }

  public static GenericKubernetesResource create(
      KubernetesClient client, GenericKubernetesResource object) {
    return client
        .genericKubernetesResources(ScaledObjects.RESOURCE)
        .inNamespace(object.getMetadata().getNamespace())
        .resource(object)
        .create();
  }

  /** A Deployment whose status says it has {@code replicas} (null: no status.replicas, as at 0). */
  public static void deployment(
      KubernetesClient client, String namespace, String name, Integer replicas) {
    workload(client, Deployment.class, namespace, name, replicas);
  }

  public static void statefulSet(
      KubernetesClient client, String namespace, String name, int replicas) {
    workload(client, StatefulSet.class, namespace, name, replicas);
  }

  private static void workload(
      KubernetesClient client,
      Class<? extends HasMetadata> type,
      String namespace,
      String name,
      Integer replicas) {
    GenericKubernetesResource object =
        object(
            HasMetadata.getApiVersion(type),
            HasMetadata.getKind(type),
            namespace,
            name,
            Map.of(
                "replicas",
                replicas == null ? 0 : replicas,
                "selector",
                Map.of("matchLabels", Map.of("app", name))));
    client
        .genericKubernetesResources(ResourceDefinitionContext.fromResourceType(type))
        .inNamespace(namespace)
        .resource(object)
        .create();
    if (replicas != null) {
      setReplicas(client, type, namespace, name, Replicas.STATUS, replicas);
    }
  }

  /** Writes one replica count of a Deployment or StatefulSet with a merge patch. */
  public static void setReplicas(
      KubernetesClient client,
      Class<? extends HasMetadata> type,
      String namespace,
      String name,
      Replicas which,
      int replicas) {
    Resource<GenericKubernetesResource> object =
        client
            .genericKubernetesResources(ResourceDefinitionContext.fromResourceType(type))
            .inNamespace(namespace)
            .withName(name);
    EditReplacePatchable<GenericKubernetesResource> part =
        which == Replicas.STATUS ? object.subresource("status") : object;
    String field = which == Replicas.STATUS ? "status" : "spec";
    part.patch(
        PatchContext.of(PatchType.JSON_MERGE),
        "{\"" + field + "\":{\"replicas\":" + replicas + "}}");
  }

  /** Creates the ConfigMap with this data, or replaces the data of the one there. */
  public static void configMap(
      KubernetesClient client, String namespace, String name, Map<String, String> data) {
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withData(data)
                .build())
        .createOr(existing -> existing.update());
  }
}
