package dev.lkscaler.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.metrics.ScalerMetrics;
import dev.lkscaler.reload.PolicyStore;
import dev.lkscaler.testing.KubeObjects;
import dev.lkscaler.testing.Metrics;
import dev.lkscaler.testing.MutableClock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each test ends on an event it saw arrive through the watch. The mock server sends the objects it
 * holds again when a watch opens, and closing a watch while the mock writes to it deadlocks the
 * mock (fabric8 8.0.0: WatchEventsListener.onClosed blocks the event loop that the write needs), so
 * a test that ended on what the informer listed could fail in teardown.
 */
@EnableKubernetesMockClient(crud = true)
class ConfigMapPolicySourceTest {
  static final String GOOD =
      "prometheus: {url: http://p:9090}\npolicies: {agents: {signals: [{name: x, type: headroom, query: q}]}}\n";
  static final String BETTER =
      "prometheus: {url: http://p:9090}\npolicies:\n  agents: {signals: [{name: x, type: headroom, query: q}]}\n  sip: {signals: [{name: c, type: capacity, query: q, capacityPerReplica: 10}]}\n";
  static final String BAD =
      "prometheus: {url: http://p:9090, timeout: 9s}\npolicies: {agents: {signals: [{name: x, type: headroom, query: q, minIdle: -1}]}}\n";

  KubernetesMockServer server;
  KubernetesClient client;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ScalerMetrics metrics = new ScalerMetrics(registry);
  private final PolicyStore store =
      new PolicyStore(metrics::policyReload, metrics::policySourceAvailable);
  private ConfigMapPolicySource source;

  @AfterEach
  void stop() {
    if (source != null) {
      source.close();
    }
  }

  private ConfigMapPolicySource start() {
    return new ConfigMapPolicySource(
            client,
            "lkscaler",
            "policy",
            "policy.yaml",
            store,
            new RejectionEvents(client, new MutableClock(), "lkscaler-0"),
            metrics::watching,
            new MutableClock())
        .start();
  }

  /** The informer has listed no ConfigMap and watches: what is written now arrives as an event. */
  private void awaitListedEmptyAndWatching() {
    await("the informer lists no ConfigMap, then watches")
        .untilAsserted(
            () -> {
              assertThat(store.problem())
                  .isEqualTo("configmap lkscaler/policy: the ConfigMap does not exist");
              assertThat(watching()).isEqualTo(1);
            });
  }

  private double watching() {
    return Metrics.gauge(registry, "lkscaler_kubernetes_watching", "resource", "configmaps");
  }

  private double sourceAvailable() {
    return Metrics.gauge(registry, "lkscaler_policy_source_available");
  }

  private Set<String> policies() {
    return store.current().map(set -> set.policies().keySet()).orElse(Set.of());
  }

  private void write(String text) {
    KubeObjects.configMap(client, "lkscaler", "policy", Map.of("policy.yaml", text));
  }

  private List<Event> events() {
    return client.v1().events().inNamespace("lkscaler").list().getItems();
  }

  @Test
  void createEditToInvalidEditBackAndDelete() {
    source = start();
    assertThat(store.current()).isEmpty();
    awaitListedEmptyAndWatching();

    write(GOOD);
    await("the created policy is in force").until(() -> policies().equals(Set.of("agents")));
    assertThat(sourceAvailable()).isEqualTo(1);

    write(BAD);
    await("the rejection is counted")
        .until(
            () -> Metrics.counter(registry, "lkscaler_policy_reload", "result", "rejected") == 1);
    assertThat(policies()).as("the last good policy stays").containsExactly("agents");
    await("an event is recorded").until(() -> !events().isEmpty());
    Event event = events().get(0);
    ConfigMap configMap = client.configMaps().inNamespace("lkscaler").withName("policy").get();
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getReason()).isEqualTo("PolicyRejected");
    assertThat(event.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
    assertThat(event.getInvolvedObject().getName()).isEqualTo("policy");
    assertThat(event.getInvolvedObject().getUid()).isEqualTo(configMap.getMetadata().getUid());
    assertThat(event.getMessage())
        .isEqualTo(
            "rejected policy (resourceVersion "
                + configMap.getMetadata().getResourceVersion()
                + "), the last good policy stays"
                + " in force: prometheus.timeout: expected a duration in (0s, 3s) to stay below KEDA's deadline. Found: 9s;"
                + " policies.agents.signals[0].minIdle: expected an integer >= 0. Found: -1");

    write(BETTER);
    await("the corrected policy is in force")
        .until(() -> policies().equals(Set.of("agents", "sip")));

    client.configMaps().inNamespace("lkscaler").withName("policy").delete();
    await("the delete is seen").until(() -> sourceAvailable() == 0);
    assertThat(policies())
        .as("a deleted ConfigMap keeps the last good policy")
        .containsExactly("agents", "sip");
    assertThat(Metrics.counter(registry, "lkscaler_policy_reload", "result", "applied"))
        .isEqualTo(2);
    assertThat(Metrics.counter(registry, "lkscaler_policy_reload", "result", "rejected"))
        .isEqualTo(1);
    assertThat(events()).hasSize(1);
  }

  @Test
  void aConfigMapWithoutThePolicyKeyIsRejectedWithTheKeysItHasThenAcceptedWithIt() {
    KubeObjects.configMap(client, "lkscaler", "policy", Map.of("policy.yml", GOOD, "README", "x"));
    source = start();
    await("an event is recorded").until(() -> !events().isEmpty());
    assertThat(events().get(0).getMessage())
        .endsWith(
            "no policy is in force: data.policy.yaml: expected the policy file. Found: only the keys README, policy.yml");
    assertThat(store.current()).isEmpty();
    assertThat(store.problem())
        .contains(
            "data.policy.yaml: expected the policy file. Found: only the keys README, policy.yml");
    assertThat(sourceAvailable()).as("the ConfigMap exists, without the key").isEqualTo(1);

    // listed at start: end on an edit that the watch delivers (see the class comment)
    write(GOOD);
    await("the policy is in force once the key is there")
        .until(() -> policies().equals(Set.of("agents")));
  }

  @Test
  void aConfigMapThatDoesNotExistIsReportedThenPickedUpOnceCreated() {
    source = start();
    awaitListedEmptyAndWatching();
    assertThat(store.current()).isEmpty();
    assertThat(sourceAvailable()).isZero();

    write(GOOD);
    await("the policy is in force").until(() -> policies().equals(Set.of("agents")));
    assertThat(store.problem()).isEmpty();
    assertThat(sourceAvailable()).isEqualTo(1);
  }
}
