package dev.lkscaler.sim.loop;

import dev.lkscaler.hpa.ScaledObjectSpec;
import dev.lkscaler.kubernetes.ScaledObjects;
import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.testing.KubeObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import java.util.OptionalInt;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock API server in CRUD mode, holding one Deployment and one KEDA ScaledObject per
 * simulated component. lkscaler watches it as it would a cluster; the KEDA/HPA emulator writes
 * spec.replicas; the fleet's controller follows spec.replicas and writes status.replicas.
 */
public final class MockCluster implements AutoCloseable {
  // the mock web server logs every request through java.util.logging; a strong reference keeps the
  // level
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

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
    MOCK_LOG.setLevel(Level.WARNING);
    return new MockCluster(KubeObjects.crudServer(0), namespace);
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
    String name = component.target();
    KubeObjects.deployment(client, namespace, name, replicas);
    KubeObjects.create(
        client,
        KubeObjects.scaledObject(namespace, name, scaledObject.toSpec(name, scalerAddress, name)));
  }

  /** Starts following the Deployments, for {@link #desiredReplicas} to read without a request. */
  public void watchDeployments() {
    deployments = client.apps().deployments().inNamespace(namespace).inform();
  }

  /** spec.replicas from the watch; empty until it has listed. */
  public OptionalInt desiredReplicas(Component component) {
    Deployment deployment =
        deployments == null
            ? null
            : deployments.getStore().getByKey(namespace + "/" + component.target());
    if (deployment == null
        || deployment.getSpec() == null
        || deployment.getSpec().getReplicas() == null) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(deployment.getSpec().getReplicas());
  }

  /** What the HPA reads: the scale subresource's spec and status replicas. */
  public Scale scale(Component component) {
    Deployment deployment =
        client.apps().deployments().inNamespace(namespace).withName(component.target()).get();
    Integer spec = deployment.getSpec().getReplicas();
    Integer status = deployment.getStatus() == null ? null : deployment.getStatus().getReplicas();
    return new Scale(spec == null ? 0 : spec, status == null ? 0 : status);
  }

  /** As the HPA and KEDA do through the scale subresource. */
  public void setSpecReplicas(Component component, int replicas) {
    set(component, KubeObjects.Replicas.SPEC, replicas);
  }

  /** As the Deployment controller does: pods that exist and are not terminating. */
  public void setStatusReplicas(Component component, int replicas) {
    set(component, KubeObjects.Replicas.STATUS, replicas);
  }

  private void set(Component component, KubeObjects.Replicas which, int replicas) {
    KubeObjects.setReplicas(
        client, Deployment.class, namespace, component.target(), which, replicas);
  }

  public ScaledObjectSpec scaledObject(Component component) {
    GenericKubernetesResource object =
        client
            .genericKubernetesResources(ScaledObjects.RESOURCE)
            .inNamespace(namespace)
            .withName(component.target())
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
