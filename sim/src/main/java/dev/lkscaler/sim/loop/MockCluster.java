package dev.lkscaler.sim.loop;

import dev.lkscaler.hpa.ScaledObjectSpec;
import dev.lkscaler.sim.fleet.Component;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * fabric8's mock API server in CRUD mode, holding one Deployment and one KEDA ScaledObject per
 * simulated component. lkscaler watches it as it would a cluster; the KEDA/HPA emulator writes
 * spec.replicas; the fleet's controller follows spec.replicas and writes status.replicas.
 */
public final class MockCluster implements AutoCloseable {
  public static final ResourceDefinitionContext SCALED_OBJECTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withKind("ScaledObject")
          .withPlural("scaledobjects")
          .withNamespaced(true)
          .build();

  // the mock web server logs every request through java.util.logging; a strong reference keeps the
  // level
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  /** A Deployment's replicas as the scale subresource shows them. */
  public record Scale(int spec, int status) {}

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final String namespace;
  private SharedIndexInformer<Deployment> deployments;

  private MockCluster(KubernetesMockServer server, String namespace) {
    this.server = server;
    this.client = server.createClient();
    this.namespace = namespace;
  }

  /** Starts the server on a free loopback port. */
  public static MockCluster start(String namespace) {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    server.expectCustomResource(
        new CustomResourceDefinitionContext.Builder()
            .withGroup("keda.sh")
            .withVersion("v1alpha1")
            .withKind("ScaledObject")
            .withPlural("scaledobjects")
            .withScope("Namespaced")
            .build());
    return new MockCluster(server, namespace);
  }

  /** A client of its own for lkscaler, which closes the client it is given. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  public String namespace() {
    return namespace;
  }

  /** Creates the component's Deployment at {@code replicas} and its ScaledObject. */
  public void create(
      Component component, int replicas, ScaledObjectSpec scaledObject, String scalerAddress) {
    String name = component.id();
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
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .endSpec()
                .build())
        .create();
    setStatusReplicas(component, replicas);
    GenericKubernetesResource object =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("keda.sh/v1alpha1")
            .withKind("ScaledObject")
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .endMetadata()
            .addToAdditionalProperties("spec", scaledObject.toSpec(name, scalerAddress, name))
            .build();
    client
        .genericKubernetesResources(SCALED_OBJECTS)
        .inNamespace(namespace)
        .resource(object)
        .create();
  }

  /** Starts following the Deployments, for {@link #desiredReplicas} to read without a request. */
  public void watchDeployments() {
    deployments = client.apps().deployments().inNamespace(namespace).inform();
  }

  /** spec.replicas from the watch; empty until it has listed. */
  public java.util.OptionalInt desiredReplicas(Component component) {
    Deployment deployment =
        deployments == null
            ? null
            : deployments.getStore().getByKey(namespace + "/" + component.id());
    if (deployment == null
        || deployment.getSpec() == null
        || deployment.getSpec().getReplicas() == null) {
      return java.util.OptionalInt.empty();
    }
    return java.util.OptionalInt.of(deployment.getSpec().getReplicas());
  }

  /** What the HPA reads: the scale subresource's spec and status replicas. */
  public Scale scale(Component component) {
    Deployment deployment =
        client.apps().deployments().inNamespace(namespace).withName(component.id()).get();
    Integer spec = deployment.getSpec().getReplicas();
    Integer status = deployment.getStatus() == null ? null : deployment.getStatus().getReplicas();
    return new Scale(spec == null ? 0 : spec, status == null ? 0 : status);
  }

  /** As the HPA and KEDA do through the scale subresource. */
  public void setSpecReplicas(Component component, int replicas) {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(component.id())
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
  }

  /** As the Deployment controller does: pods that exist and are not terminating. */
  public void setStatusReplicas(Component component, int replicas) {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(component.id())
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"replicas\":" + replicas + "}}");
  }

  public ScaledObjectSpec scaledObject(Component component) {
    GenericKubernetesResource object =
        client
            .genericKubernetesResources(SCALED_OBJECTS)
            .inNamespace(namespace)
            .withName(component.id())
            .get();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) object.getAdditionalProperties().get("spec");
    return ScaledObjectSpec.fromSpec(spec);
  }

  @Override
  public void close() {
    if (deployments != null) {
      deployments.close();
    }
    client.close();
    server.destroy();
  }
}
