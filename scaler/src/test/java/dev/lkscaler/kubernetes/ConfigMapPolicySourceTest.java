package dev.lkscaler.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.metrics.ScalerMetrics;
import dev.lkscaler.reload.PolicyStore;
import dev.lkscaler.testing.Metrics;
import dev.lkscaler.testing.MutableClock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
  private final PolicyStore store = new PolicyStore(new ScalerMetrics(registry)::policyReload);
  private ConfigMapPolicySource source;

  @AfterEach
  void stop() {
    if (source != null) {
      source.close();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("within 5 s: %s", what).isLessThan(until);
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private Set<String> policies() {
    return store.current().map(set -> set.policies().keySet()).orElse(Set.of());
  }

  private void write(String text) {
    client
        .configMaps()
        .inNamespace("lkscaler")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace("lkscaler")
                .withName("policy")
                .endMetadata()
                .withData(Map.of("policy.yaml", text))
                .build())
        .createOr(existing -> existing.update());
  }

  private List<Event> events() {
    return client.v1().events().inNamespace("lkscaler").list().getItems();
  }

  @Test
  void createEditToInvalidEditBackAndDelete() throws Exception {
    source =
        new ConfigMapPolicySource(
                client,
                "lkscaler",
                "policy",
                "policy.yaml",
                store,
                new RejectionEvents(client, new MutableClock(), "lkscaler-0"),
                new MutableClock())
            .start();
    assertThat(store.current()).isEmpty();

    write(GOOD);
    await("the created policy is in force", () -> policies().equals(Set.of("agents")));

    write(BAD);
    await(
        "the rejection is counted",
        () -> Metrics.counter(registry, "lkscaler_policy_reload", "result", "rejected") == 1);
    assertThat(policies()).as("the last good policy stays").containsExactly("agents");
    await("an event is recorded", () -> !events().isEmpty());
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
    await("the corrected policy is in force", () -> policies().equals(Set.of("agents", "sip")));

    client.configMaps().inNamespace("lkscaler").withName("policy").delete();
    TimeUnit.MILLISECONDS.sleep(500);
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
  void aConfigMapWithoutThePolicyKeyIsRejectedWithTheKeysItHas() throws Exception {
    client
        .configMaps()
        .inNamespace("lkscaler")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace("lkscaler")
                .withName("policy")
                .endMetadata()
                .withData(Map.of("policy.yml", GOOD, "README", "x"))
                .build())
        .create();
    source =
        new ConfigMapPolicySource(
                client,
                "lkscaler",
                "policy",
                "policy.yaml",
                store,
                new RejectionEvents(client, new MutableClock(), "lkscaler-0"),
                new MutableClock())
            .start();
    await("an event is recorded", () -> !events().isEmpty());
    assertThat(events().get(0).getMessage())
        .endsWith(
            "no policy is in force: data.policy.yaml: expected the policy file. Found: only the keys README, policy.yml");
    assertThat(store.current()).isEmpty();
    assertThat(store.problem())
        .contains(
            "data.policy.yaml: expected the policy file. Found: only the keys README, policy.yml");
  }

  @Test
  void aLateConfigMapIsPickedUp() throws Exception {
    source =
        new ConfigMapPolicySource(
                client,
                "lkscaler",
                "policy",
                "policy.yaml",
                store,
                new RejectionEvents(client, new MutableClock(), "lkscaler-0"),
                new MutableClock())
            .start();
    TimeUnit.MILLISECONDS.sleep(300);
    assertThat(store.problem())
        .isEqualTo("configmap lkscaler/policy: waiting for the ConfigMap from the Kubernetes API");
    write(GOOD);
    await("the policy is in force", () -> policies().equals(Set.of("agents")));
  }
}
