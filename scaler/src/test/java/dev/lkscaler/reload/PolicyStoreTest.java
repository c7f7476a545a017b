package dev.lkscaler.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.metrics.ScalerMetrics;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.testing.Metrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyStoreTest {
  static final String GOOD =
      "prometheus: {url: http://p:9090}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n";
  static final String OTHER =
      "prometheus: {url: http://p:9090}\npolicies: {b: {signals: [{name: x, type: headroom, query: q}]}}\n";
  static final String BAD =
      "prometheus: {url: http://p:9090}\npolicies: {a: {signals: [{name: x, type: headroom, query: q, minIdle: -1}]}}\n";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ScalerMetrics metrics = new ScalerMetrics(registry);
  private final PolicyStore store =
      new PolicyStore(metrics::policyReload, metrics::policySourceAvailable);
  private final List<String> applied = new ArrayList<>();

  PolicyStoreTest() {
    store.addListener(
        (previous, current) -> applied.add(String.join(",", current.policies().keySet())));
  }

  private double reloads(String result) {
    return Metrics.counter(registry, "lkscaler_policy_reload", "result", result);
  }

  @Test
  void aBadFirstVersionLeavesNoPolicyAndSaysWhy() {
    PolicyStore.Outcome outcome = store.offer("file p.yaml", "v1", BAD);
    assertThat(outcome)
        .isEqualTo(
            new PolicyStore.Outcome(
                PolicyStore.Result.REJECTED,
                List.of("policies.a.signals[0].minIdle: expected an integer >= 0. Found: -1")));
    assertThat(store.current()).isEmpty();
    assertThat(store.problem())
        .isEqualTo(
            "file p.yaml (version v1) is invalid: policies.a.signals[0].minIdle: expected an integer >= 0. Found: -1");
    assertThat(reloads("rejected")).isEqualTo(1);
  }

  @Test
  void aRejectedEditKeepsTheLastGoodPolicy() {
    store.offer("cm", "1", GOOD);
    PolicySet good = store.current().orElseThrow();
    assertThat(store.offer("cm", "2", BAD).result()).isEqualTo(PolicyStore.Result.REJECTED);
    assertThat(store.current()).containsSame(good);
    assertThat(store.offer("cm", "3", OTHER).result()).isEqualTo(PolicyStore.Result.APPLIED);
    assertThat(store.current().orElseThrow().policies()).containsOnlyKeys("b");
    assertThat(applied).containsExactly("a", "b");
    assertThat(reloads("applied")).isEqualTo(2);
    assertThat(reloads("rejected")).isEqualTo(1);
  }

  @Test
  void aListenerAddedAfterAPolicyIsAppliedIsToldOfIt() {
    // the ConfigMap's watch may deliver the policy before the gRPC server listens for it
    store.offer("cm", "1", GOOD);
    List<String> late = new ArrayList<>();
    store.addListener(
        (previous, current) -> late.add(previous.isEmpty() + ":" + current.policies().keySet()));
    assertThat(late).containsExactly("true:[a]");
    store.offer("cm", "2", OTHER);
    assertThat(late).containsExactly("true:[a]", "false:[b]");
  }

  @Test
  void eachVersionIsJudgedOnce() {
    store.offer("cm", "7", BAD);
    assertThat(store.offer("cm", "7", BAD).result()).isEqualTo(PolicyStore.Result.SEEN);
    assertThat(store.reject("cm", "7", List.of("x")).result()).isEqualTo(PolicyStore.Result.SEEN);
    assertThat(reloads("rejected")).isEqualTo(1);
  }

  @Test
  void theSameTextUnderANewVersionChangesNothing() {
    store.offer("cm", "1", GOOD);
    assertThat(store.offer("cm", "2", GOOD).result()).isEqualTo(PolicyStore.Result.UNCHANGED);
    assertThat(applied).containsExactly("a");
  }

  @Test
  void aVanishedSourceKeepsThePolicyAndSaysSo() {
    store.offer("cm", "1", GOOD);
    assertThat(sourceAvailable()).isEqualTo(1);
    store.unavailable("cm", "the ConfigMap was deleted");
    assertThat(store.current()).isPresent();
    assertThat(sourceAvailable()).isZero();
    // and it comes back
    assertThat(store.offer("cm", "5", OTHER).result()).isEqualTo(PolicyStore.Result.APPLIED);
    assertThat(sourceAvailable()).isEqualTo(1);
  }

  @Test
  void aSourceWithoutThePolicyTextStillExists() {
    store.unavailable("cm", "the ConfigMap does not exist");
    assertThat(sourceAvailable()).isZero();
    store.reject("cm", "2", List.of("data.policy.yaml: expected the policy file, found no data"));
    assertThat(sourceAvailable()).isEqualTo(1);
  }

  private double sourceAvailable() {
    return Metrics.gauge(registry, "lkscaler_policy_source_available");
  }
}
