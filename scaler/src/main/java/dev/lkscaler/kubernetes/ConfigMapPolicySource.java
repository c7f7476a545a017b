package dev.lkscaler.kubernetes;

import dev.lkscaler.reload.PolicyStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one ConfigMap through an informer (list, then watch; it reconnects by itself) and offers
 * its policy key to the store. A rejected version becomes a Kubernetes Event on the ConfigMap; a
 * missing or deleted ConfigMap leaves the last good policy in force, and says so.
 */
public final class ConfigMapPolicySource implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigMapPolicySource.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String key;
  private final PolicyStore store;
  private final RejectionEvents events;
  private final String origin;
  private final WatchFailures failures;
  private final Watches metrics;
  private SharedIndexInformer<ConfigMap> informer;

  public ConfigMapPolicySource(
      KubernetesClient client,
      String namespace,
      String name,
      String key,
      PolicyStore store,
      RejectionEvents events,
      Watches metrics,
      Clock clock) {
    this.failures = new WatchFailures(log, clock);
    this.metrics = metrics;
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.key = key;
    this.store = store;
    this.events = events;
    this.origin = "configmap " + namespace + "/" + name;
  }

  /** Starts the informer without waiting for the API server, which may be down. */
  public ConfigMapPolicySource start() {
    store.unavailable(origin, "waiting for the ConfigMap from the Kubernetes API");
    informer = client.configMaps().inNamespace(namespace).withName(name).runnableInformer(0);
    informer.exceptionHandler((started, error) -> failures.failed(origin, error));
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(ConfigMap configMap) {
            offer(configMap);
          }

          @Override
          public void onUpdate(ConfigMap before, ConfigMap after) {
            offer(after);
          }

          @Override
          public void onDelete(ConfigMap configMap, boolean finalStateUnknown) {
            store.unavailable(origin, "the ConfigMap was deleted");
          }

          @Override
          public void onList(String resourceVersion, boolean remainedEmpty) {
            // listed, and not there: not the same as an API server that cannot be reached
            if (remainedEmpty) {
              store.unavailable(origin, "the ConfigMap does not exist");
            }
          }
        });
    metrics.watching("configmaps", informer::isWatching);
    informer.start();
    return this;
  }

  private void offer(ConfigMap configMap) {
    String version = configMap.getMetadata().getResourceVersion();
    Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
    String text = data.get(key);
    PolicyStore.Outcome outcome;
    if (text == null) {
      String found =
          data.isEmpty()
              ? "no data"
              : "only the keys " + String.join(", ", new TreeSet<>(data.keySet()));
      outcome =
          store.reject(
              origin,
              version,
              List.of("data." + key + ": expected the policy file. Found: " + found));
    } else {
      outcome = store.offer(origin, version, text);
    }
    if (outcome.result() == PolicyStore.Result.REJECTED) {
      events.policyRejected(configMap, store.current().isPresent(), outcome.errors());
    }
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
