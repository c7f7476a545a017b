package dev.lkscaler.sim.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.policy.Signal;
import dev.lkscaler.sim.scenario.Scenario;
import dev.lkscaler.sim.scenario.ScenarioParser;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimPolicyTest {
  @Test
  void lkscalerAcceptsThePolicyWithTheScenariosBoundsAndCapacity() throws Exception {
    Scenario scenario =
        ScenarioParser.parse(
            "t",
            """
        duration: 1m
        components:
          agents: {minReplicas: 0, gracePeriod: 1m, jobCpu: 0.1, duration: {min: 1m, max: 2m}, perMinute: [[0s, 1]]}
          sip: {maxReplicas: 9, gracePeriod: 1m, capacityPerPod: 25, duration: {min: 1m, max: 2m}, perMinute: [[0s, 1]]}
          egress: {gracePeriod: 1m, busyCpu: 0.8, duration: {min: 1m, max: 2m}, perMinute: [[0s, 1]]}
        """);

    PolicySet set =
        PolicyParser.parse(SimPolicy.render(URI.create("http://127.0.0.1:9999"), scenario));

    assertThat(set.prometheus().url()).isEqualTo(URI.create("http://127.0.0.1:9999"));
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
            });
    Policy sip = set.policy("sip").orElseThrow();
    assertThat(sip.minReplicas()).isEqualTo(1);
    assertThat(sip.maxReplicas()).isEqualTo(9);
    assertThat(sip.signals().get(0))
        .isInstanceOfSatisfying(
            Signal.Capacity.class,
            s -> {
              assertThat(s.capacityPerReplica()).isEqualTo(25);
              assertThat(s.targetUtilization()).isEqualTo(0.5);
            });
    assertThat(set.policy("egress").orElseThrow().signals().get(0))
        .isInstanceOfSatisfying(Signal.Headroom.class, s -> assertThat(s.minIdle()).isEqualTo(2));
  }
}
