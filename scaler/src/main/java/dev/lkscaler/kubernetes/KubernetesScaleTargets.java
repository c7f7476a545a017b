package dev.lkscaler.kubernetes;

import dev.lkscaler.scaling.ScaleTargets;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ScaledObject → scale target → replicas, from informers: a lookup never calls the API server.
 * Deployments and StatefulSets keep only their replica count in memory; other kinds are read
 * through their {@code /scale} subresource in the background.
 */
public final class KubernetesScaleTargets implements ScaleTargets, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KubernetesScaleTargets.class);

  private final WatchFailures failures;
  private final Watches metrics;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  // set once by start(), read by lookups on other threads
  private volatile SharedIndexInformer<GenericKubernetesResource> scaledObjects;
  private volatile SharedIndexInformer<GenericKubernetesResource> deployments;
  private volatile SharedIndexInformer<GenericKubernetesResource> statefulSets;
  private volatile ScaleSubresources otherKinds;
  private KubernetesClient client;
  private boolean wanted;
  private boolean started;
  private boolean closed;

  /** Replicas stay unknown until {@link #connect} and {@link #start} have both been called. */
  public KubernetesScaleTargets(Watches metrics, Clock clock) {
    this.metrics = metrics;
    this.failures = new WatchFailures(log, clock);
  }

  /** The client, once built; the informers start now if {@link #start} came first. */
  public synchronized KubernetesScaleTargets connect(
      KubernetesClient client, ScaleSubresources otherKinds) {
    if (closed) {
      otherKinds.close();
      return this;
    }
    this.client = client;
    this.otherKinds = otherKinds;
    return startIfReady();
  }

  /**
   * Starts the informers without waiting, once connected: until they have listed, replicas are
   * unknown. Once; not after close.
   */
  public synchronized KubernetesScaleTargets start() {
    wanted = true;
    return startIfReady();
  }

  private KubernetesScaleTargets startIfReady() {
    if (!wanted || client == null || started || closed) {
      return this;
    }
    started = true;
    scaledObjects =
        watch(
            client
                .genericKubernetesResources(ScaledObjects.RESOURCE)
                .inAnyNamespace()
                .runnableInformer(0),
            "ScaledObjects");
    deployments = watch(replicasOnly(DEPLOYMENTS), "Deployments");
    statefulSets = watch(replicasOnly(STATEFUL_SETS), "StatefulSets");
    return this;
  }

  /** apps/v1 Deployments, read as generic objects: see {@link #replicasOnly}. */
  static final ResourceDefinitionContext DEPLOYMENTS = apps("Deployment", "deployments");

  static final ResourceDefinitionContext STATEFUL_SETS = apps("StatefulSet", "statefulsets");

  private static ResourceDefinitionContext apps(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("apps")
        .withVersion("v1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  /**
   * An informer over every namespace that keeps each object's name and {@code status.replicas}
   * only. Generic rather than typed: a typed Deployment drags in the whole pod template's model,
   * hundreds of classes to load and to fill for every object listed, for one number.
   */
  private SharedIndexInformer<GenericKubernetesResource> replicasOnly(
      ResourceDefinitionContext resource) {
    return client
        .genericKubernetesResources(resource)
        .inAnyNamespace()
        .runnableInformer(0)
        .itemStore(
            new ReducedStateItemStore<>(
                ReducedStateItemStore.NAME_KEY_STATE,
                GenericKubernetesResource.class,
                client.getKubernetesSerialization(),
                "status.replicas"));
  }

  /** status.replicas; a workload at 0 has none at all. */
  private static Integer statusReplicas(GenericKubernetesResource workload) {
    Object replicas = workload.get("status", "replicas");
    return replicas instanceof Number number ? number.intValue() : null;
  }

  private <T extends HasMetadata> SharedIndexInformer<T> watch(
      SharedIndexInformer<T> informer, String what) {
    // a 403 (no RBAC) or an unreachable API: keep trying, replicas stay unknown meanwhile
    informer.exceptionHandler((started, error) -> failures.failed(what, error));
    metrics.watching(what.toLowerCase(Locale.ROOT), informer::isWatching);
    informer.start();
    informers.add(informer);
    return informer;
  }

  @Override
  public Status lookup(String namespace, String scaledObject) {
    Optional<String> problem = unusable(scaledObjects, "ScaledObjects");
    if (problem.isPresent()) {
      return Status.unknown(problem.get());
    }
    GenericKubernetesResource object =
        scaledObjects.getStore().getByKey(namespace + "/" + scaledObject);
    if (object == null) {
      return Status.unknown("no ScaledObject " + namespace + "/" + scaledObject);
    }
    Map<String, Object> ref = object.get("spec", "scaleTargetRef");
    Object targetName = ref == null ? null : ref.get("name");
    if (!(targetName instanceof String name) || name.isBlank()) {
      return Status.unknown(
          "ScaledObject " + namespace + "/" + scaledObject + " has no spec.scaleTargetRef.name");
    }
    String kind = ref.get("kind") instanceof String k && !k.isBlank() ? k : "Deployment";
    String apiVersion = ref.get("apiVersion") instanceof String v && !v.isBlank() ? v : "apps/v1";
    if (apiVersion.equals("apps/v1") && kind.equals("Deployment")) {
      return fromInformer(
          deployments,
          "Deployments",
          kind,
          namespace,
          name,
          KubernetesScaleTargets::statusReplicas);
    }
    if (apiVersion.equals("apps/v1") && kind.equals("StatefulSet")) {
      return fromInformer(
          statefulSets,
          "StatefulSets",
          kind,
          namespace,
          name,
          KubernetesScaleTargets::statusReplicas);
    }
    return otherKinds.status(namespace, apiVersion, kind, name);
  }

  private static <T> Status fromInformer(
      SharedIndexInformer<T> informer,
      String what,
      String kind,
      String namespace,
      String name,
      Function<T, Integer> replicas) {
    Optional<String> problem = unusable(informer, what);
    if (problem.isPresent()) {
      return Status.unknown(name, problem.get());
    }
    T target = informer.getStore().getByKey(namespace + "/" + name);
    if (target == null) {
      return Status.unknown(name, "no " + kind + " " + namespace + "/" + name);
    }
    Integer count = replicas.apply(target);
    // a Deployment at 0 has no status.replicas at all
    return Status.known(name, count == null ? 0 : count);
  }

  /** Why an informer's cache cannot be trusted now, if it cannot. */
  private static Optional<String> unusable(SharedIndexInformer<?> informer, String what) {
    if (informer == null || !informer.hasSynced()) {
      return Optional.of(what + " not listed from the Kubernetes API yet");
    }
    if (!informer.isWatching()) {
      return Optional.of("the watch on " + what + " is down (Kubernetes API unreachable?)");
    }
    return Optional.empty();
  }

  @Override
  public synchronized void close() {
    closed = true;
    informers.forEach(SharedIndexInformer::close);
    if (otherKinds != null) {
      otherKinds.close();
    }
  }
}
