package dev.lkscaler.sim.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.policy.Lookahead;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.policy.Signal;
import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.scenario.Scenario;
import dev.lkscaler.sim.scenario.ScenarioParser;
import dev.lkscaler.sim.scenario.Scenarios;
import dev.lkscaler.sim.scenario.Workload;
import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SimPolicyTest {
  private static final URI PROMETHEUS = URI.create("http://127.0.0.1:9999");

  private static Scenario tiny() throws Exception {
    return ScenarioParser.parse(
        "t",
        """
        duration: 1m
        components:
          agents: {minReplicas: 0, gracePeriod: 1m, jobCpu: 0.1, duration: {min: 1m, max: 2m}, perMinute: [[0s, 1]]}
          sip: {maxReplicas: 9, gracePeriod: 1m, capacityPerPod: 25, duration: {min: 1m, max: 2m}, perMinute: [[0s, 1]]}
          egress: {gracePeriod: 1m, busyCpu: 0.8, duration: {min: 1m, max: 2m}, perMinute: [[0s, 1]]}
          sfu: {maxReplicas: 8, gracePeriod: 5h, participantCpu: 0.02, participants: {min: 2, max: 4}, duration: {min: 1m, max: 2m}, perMinute: [[0s, 1]]}
        """);
  }

  @Test
  void lkscalerAcceptsThePolicyWithTheScenariosBoundsAndCapacity() throws Exception {
    PolicySet set = PolicyParser.parse(SimPolicy.shipped().render(PROMETHEUS, tiny(), 10));

    assertThat(set.prometheus().url()).isEqualTo(PROMETHEUS);
    assertThat(set.cache().ttl()).isEqualTo(Duration.ofSeconds(1));
    assertThat(set.cache().lastKnownGoodFor()).isEqualTo(Duration.ofSeconds(30));
    Policy agents = set.policy("agents").orElseThrow();
    assertThat(agents.minReplicas()).isZero();
    assertThat(agents.maxReplicas()).isEqualTo(100);
    assertThat(agents.activation()).isPresent();
    assertThat(agents.signals().get(0))
        .isInstanceOfSatisfying(
            Signal.Utilization.class,
            s -> {
              assertThat(s.scaleUpAt()).isEqualTo(0.5);
              assertThat(s.outOfServiceAt()).isEqualTo(0.7);
              assertThat(s.demand()).isPresent();
              // Prometheus runs on the real clock: 1m, 60s and 15s of simulated time
              assertThat(s.lookahead())
                  .contains(
                      new Lookahead(
                          Duration.ofSeconds(6), Duration.ofSeconds(6), Duration.ofMillis(1500)));
            });
    Policy sip = set.policy("sip").orElseThrow();
    assertThat(sip.minReplicas()).isEqualTo(1);
    assertThat(sip.maxReplicas()).isEqualTo(9);
    assertThat(sip.signals().get(0))
        .isInstanceOfSatisfying(
            Signal.Capacity.class,
            s -> {
              assertThat(s.capacityPerReplica()).isEqualTo(25);
              assertThat(s.targetUtilization()).isEqualTo(0.6);
            });
    assertThat(set.policy("egress").orElseThrow().signals().get(0))
        .isInstanceOfSatisfying(Signal.Headroom.class, s -> assertThat(s.minIdle()).isEqualTo(2));
    Policy sfu = set.policy("livekit-server").orElseThrow();
    assertThat(sfu.maxReplicas()).isEqualTo(8);
    assertThat(sfu.signals().get(0))
        .isInstanceOfSatisfying(
            Signal.Utilization.class,
            s -> {
              assertThat(s.query().text()).contains("container=\"livekit-server\"}[6s]))");
              assertThat(s.scaleUpAt()).isEqualTo(0.5);
            });
  }

  /** Prometheus runs on the real clock: a simulated minute is six real seconds at a scale of 10. */
  @ParameterizedTest(name = "{0} at {1}x -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "rate(x[1m])                    | 10 | rate(x[6s])",
        "rate(x[1m]) / rate(y[90s])     | 10 | rate(x[6s]) / rate(y[9s])",
        "max_over_time(x[5m:30s])       | 10 | max_over_time(x[30s:3s])",
        "max_over_time(x[5m:])          | 10 | max_over_time(x[30s:])",
        "deriv(x[45s])                  | 10 | deriv(x[4s500ms])",
        "rate(x[1m])                    |  1 | rate(x[1m])",
        "x{pod=~\"[a]\"} or y{le=\"[0]\"} | 10 | x{pod=~\"[a]\"} or y{le=\"[0]\"}",
        "sum(livekit_room_total)        | 10 | sum(livekit_room_total)"
      })
  void rangesAreSimulatedTime(String query, double timeScale, String expected) {
    assertThat(SimPolicy.simulated(query.strip(), timeScale)).isEqualTo(expected);
  }

  static Stream<Scenario> scenarios() throws Exception {
    Stream.Builder<Scenario> all = Stream.builder();
    for (String name : Scenarios.BUILT_IN) {
      all.add(Scenarios.load(name));
    }
    return all.add(tiny()).build();
  }

  /** Read from deploy/policy.yaml, the runs' policies are those they had with copied figures. */
  @ParameterizedTest
  @MethodSource("scenarios")
  void everyScenarioRunsWithThePolicyItHadWhenTheFiguresWereCopied(Scenario scenario)
      throws Exception {
    assertThat(PolicyParser.parse(SimPolicy.shipped().render(PROMETHEUS, scenario, 10)))
        .isEqualTo(PolicyParser.parse(copiedRender(PROMETHEUS, scenario)));
  }

  /** SimPolicy.render as it was while it copied deploy/policy.yaml's figures, kept to compare. */
  private static String copiedRender(URI prometheus, Scenario scenario) {
    StringBuilder out = new StringBuilder();
    out.append("prometheus: {url: '").append(prometheus).append("', timeout: 2s}\n");
    out.append("cache: {ttl: 1s, lastKnownGoodFor: 30s}\n");
    out.append("policies:\n");
    for (Workload workload : scenario.workloads()) {
      Component component = workload.component();
      int max =
          switch (component) {
            case AGENTS -> 100;
            case SIP -> 20;
            case EGRESS -> 50;
            case SFU -> 20;
          };
      out.append("  ").append(component.target()).append(":\n");
      // issue 9: agents may go to 0
      int min = component == Component.AGENTS ? 0 : 1;
      out.append("    minReplicas: ").append(workload.minReplicas().orElse(min)).append('\n');
      out.append("    maxReplicas: ").append(workload.maxReplicas().orElse(max)).append('\n');
      String signal =
          switch (component) {
            case AGENTS -> {
              out.append(
                  "    activation: {query: 'sum(livekit_room_total{namespace=\"{{namespace}}\"})', threshold: 0}\n");
              yield "{name: load, type: utilization, query: 'lk_agents_worker_load{namespace=\"{{namespace}}\"}', scaleUpAt: 0.5, outOfServiceAt: 0.7, minAvailable: 1, onEmpty: hold,"
                  + " demand: {wanted: 'sum(livekit_room_total{namespace=\"{{namespace}}\"})', served: 'sum(lk_agents_active_job_count{namespace=\"{{namespace}}\"})', perReplica: 8},"
                  + " lookahead: {window: 6s, horizon: 6s, step: 1500ms}}";
            }
            case SIP ->
                "{name: calls, type: capacity, query: 'sum(livekit_sip_calls_active{namespace=\"{{namespace}}\"})', capacityPerReplica: "
                    + workload.capacityPerPod()
                    + ", targetUtilization: 0.6, onEmpty: hold,"
                    + " lookahead: {window: 6s, horizon: 6s, step: 1500ms}}";
            case EGRESS ->
                "{name: idle, type: headroom, query: 'livekit_egress_available{namespace=\"{{namespace}}\"}', minIdle: 2, onEmpty: hold,"
                    + " starts: {query: 'sum(rate(livekit_node_twirp_request_status{namespace=\"{{namespace}}\", service=\"Egress\", method=~\"Start.*\", status!=\"4xx\"}[6s]))',"
                    + " horizon: 6s}}";
            // the range in simulated time: [1m] at a time scale of 10
            case SFU ->
                "{name: cpu, type: utilization, query: 'sum by (pod) (rate(container_cpu_usage_seconds_total{namespace=\"{{namespace}}\", container=\"livekit-server\"}[6s]))"
                    + " / on (pod) sum by (pod) (kube_pod_container_resource_requests{namespace=\"{{namespace}}\", container=\"livekit-server\", resource=\"cpu\"})',"
                    + " scaleUpAt: 0.5, outOfServiceAt: 0.7, minAvailable: 1, onEmpty: hold}";
          };
      out.append("    signals:\n      - ").append(signal).append('\n');
    }
    return out.toString();
  }
}
