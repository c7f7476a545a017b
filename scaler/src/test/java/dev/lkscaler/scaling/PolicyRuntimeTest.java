package dev.lkscaler.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.testing.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PolicyRuntimeTest {
  private final List<String> sent = new ArrayList<>();
  private final PolicyRuntime runtime =
      new PolicyRuntime(
          settings ->
              query -> {
                sent.add(settings.url() + " " + query);
                return CompletableFuture.completedFuture(new QueryResult.Scalar(1));
              },
          new MutableClock());

  private static PolicySet parse(String url, String ttl, String agentsQuery, int agentsMax)
      throws Exception {
    return PolicyParser.parse(
        """
        prometheus: {url: %s}
        cache: {ttl: %s}
        policies:
          agents: {maxReplicas: %d, signals: [{name: l, type: capacity, query: '%s', capacityPerReplica: 1}]}
          sip: {signals: [{name: c, type: capacity, query: calls, capacityPerReplica: 1}]}
        """
            .formatted(url, ttl, agentsMax, agentsQuery));
  }

  private void askBoth() {
    PolicyRuntime.Active active = runtime.active().orElseThrow();
    active
        .cache()
        .get("agents", active.policies().policies().get("agents").signals().get(0).query().text())
        .join();
    active.cache().get("sip", "calls").join();
  }

  @Test
  void aReloadDropsOnlyTheSamplesOfPoliciesThatChanged() throws Exception {
    runtime.apply(parse("http://p:9090", "5s", "load", 10));
    askBoth();
    assertThat(sent).containsExactly("http://p:9090 load", "http://p:9090 calls");

    // agents' parameters change; sip does not
    runtime.apply(parse("http://p:9090", "5s", "load", 20));
    askBoth();
    assertThat(sent)
        .containsExactly("http://p:9090 load", "http://p:9090 calls", "http://p:9090 load");

    // agents' query changes
    runtime.apply(parse("http://p:9090", "5s", "load2", 20));
    askBoth();
    assertThat(sent).endsWith("http://p:9090 load2").hasSize(4);
  }

  @Test
  void aNewPrometheusOrTtlStartsAFreshCache() throws Exception {
    runtime.apply(parse("http://p:9090", "5s", "load", 10));
    askBoth();
    runtime.apply(parse("http://thanos:9090", "5s", "load", 10));
    askBoth();
    assertThat(sent)
        .containsExactly(
            "http://p:9090 load",
            "http://p:9090 calls",
            "http://thanos:9090 load",
            "http://thanos:9090 calls");
    runtime.apply(parse("http://thanos:9090", "10s", "load", 10));
    assertThat(runtime.active().orElseThrow().cache().ttl()).hasSeconds(10);
    askBoth();
    assertThat(sent).hasSize(6);
  }
}
