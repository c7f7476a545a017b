package dev.lkscaler.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lkscaler.sim.fleet.Component;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioParserTest {
  private static final String VALID =
      """
      description: A ramp.
      duration: 10m
      seed: 42
      prometheusOutage: {at: 2m, for: 30s}
      components:
        agents:
          initialReplicas: 3
          minReplicas: 0
          startupDelay: 20s
          gracePeriod: 10m
          jobCpu: 0.05
          idleCpu: 0.02
          duration: {min: 1m, max: 3m}
          perMinute: [[0s, 6], [1m, 6], [5m, 24]]
        sip:
          initialReplicas: 1
          maxReplicas: 9
          gracePeriod: 1h
          capacityPerPod: 20
          duration: {min: 60s, max: 60s}
          perMinute: [[0s, 3]]
        egress:
          gracePeriod: 30m
          busyCpu: 0.8
          duration: {min: 2m, max: 5m}
          perMinute: [[0s, 1]]
        sfu:
          initialReplicas: 4
          maxReplicas: 12
          startupDelay: 30s
          gracePeriod: 5h
          idleCpu: 0.05
          participantCpu: 0.02
          participants: {min: 2, max: 10}
          duration: {min: 2m, max: 8m}
          perMinute: [[0s, 3], [5m, 12]]
      """;

  @Test
  void readsEveryKey() throws Exception {
    Scenario scenario = ScenarioParser.parse("ramp", VALID);

    assertThat(scenario.name()).isEqualTo("ramp");
    assertThat(scenario.description()).isEqualTo("A ramp.");
    assertThat(scenario.duration()).isEqualTo(600);
    assertThat(scenario.seed()).isEqualTo(42);
    assertThat(scenario.outage()).contains(new Outage(120, 30));
    assertThat(scenario.components())
        .containsExactly(Component.AGENTS, Component.SIP, Component.EGRESS, Component.SFU);
    Workload agents = scenario.workload(Component.AGENTS).orElseThrow();
    assertThat(agents)
        .isEqualTo(
            new Workload(
                Component.AGENTS,
                new RateProfile(
                    List.of(
                        new RateProfile.Point(0, 0.1),
                        new RateProfile.Point(60, 0.1),
                        new RateProfile.Point(300, 0.4))),
                60,
                180,
                0.05,
                0,
                0.02,
                3,
                OptionalInt.of(0),
                OptionalInt.empty(),
                20,
                600,
                1,
                1));
    Workload sip = scenario.workload(Component.SIP).orElseThrow();
    assertThat(sip.capacityPerPod()).isEqualTo(20);
    assertThat(sip.maxReplicas()).hasValue(9);
    assertThat(sip.startupDelay()).isZero();
    Workload egress = scenario.workload(Component.EGRESS).orElseThrow();
    assertThat(egress.workCpu()).isEqualTo(0.8);
    assertThat(egress.capacityPerPod()).isEqualTo(1);
    assertThat(egress.initialReplicas()).isEqualTo(1); // a Deployment's default
    assertThat(egress.maxParticipants()).isEqualTo(1);
    assertThat(scenario.workload(Component.SFU))
        .contains(
            new Workload(
                Component.SFU,
                new RateProfile(
                    List.of(new RateProfile.Point(0, 0.05), new RateProfile.Point(300, 0.2))),
                120,
                480,
                0.02,
                0,
                0.05,
                4,
                OptionalInt.empty(),
                OptionalInt.of(12),
                30,
                18000,
                2,
                10));
  }

  static Stream<Arguments> errors() {
    String agents =
        "components: {agents: {gracePeriod: 1m, jobCpu: 0.1, duration: {min: 1m, max: 2m}, perMinute: [[0s, 1]]%s}}\n";
    String sfu =
        "components: {sfu: {gracePeriod: 5h, participantCpu: 0.02, %s, duration: {min: 1m, max: 2m}, perMinute: [[0s, 1]]}}\n";
    return Stream.of(
        Arguments.of(
            "duration: 1m\n",
            List.of(
                "components: expected a mapping with keys [agents, egress, sfu, sip]. Found: nothing")),
        Arguments.of(
            "duration: 10\n" + agents.formatted(""),
            List.of("duration: expected a duration such as 90s or 5m. Found: 10")),
        Arguments.of(
            "duration: 1m\nspeed: 3\n" + agents.formatted(""),
            List.of(
                "speed: expected one of components, description, duration, prometheusOutage, seed. Found: an unknown key")),
        Arguments.of(
            "duration: 1m\n" + agents.formatted(", capacityPerPod: 3"),
            List.of(
                "components.agents.capacityPerPod: expected one of duration, gracePeriod, idleCpu,"
                    + " initialReplicas, jobCpu, maxReplicas, minReplicas, perMinute, startupDelay. Found: an unknown key")),
        Arguments.of(
            "duration: 1m\n" + agents.formatted(", minReplicas: 5, maxReplicas: 2"),
            List.of(
                "components.agents.maxReplicas: expected an integer >= minReplicas (5). Found: 2")),
        Arguments.of(
            "duration: 1m\ncomponents: {agents: {gracePeriod: 1m, jobCpu: 1.5, duration: {min: 2m, max: 1m}, perMinute: [[1m, 1], [30s, -2]]}}\n",
            List.of(
                "components.agents.duration.max: expected a duration >= duration.min. Found: \"1m\"",
                "components.agents.jobCpu: expected a number in (0, 1]. Found: 1.5",
                "components.agents.perMinute[1][0]: expected a time after the previous point's. Found: \"30s\"")),
        Arguments.of(
            "duration: 1m\ncomponents: {sip: {duration: {min: 1m, max: 2m}, perMinute: [[0s, 1]]}}\n",
            List.of(
                "components.sip.gracePeriod: expected a duration such as 90s or 5m. Found: nothing",
                "components.sip.capacityPerPod: expected an integer >= 1. Found: nothing")),
        Arguments.of(
            "duration: 1m\n" + sfu.formatted("participants: {min: 0, max: 3}"),
            List.of("components.sfu.participants.min: expected an integer >= 1. Found: 0")),
        Arguments.of(
            "duration: 1m\n" + sfu.formatted("participants: {min: 6, max: 3}"),
            List.of(
                "components.sfu.participants.max: expected an integer >= participants.min. Found: 3")),
        Arguments.of(
            "duration: 1m\n" + sfu.formatted("participants: {min: 2, max: 2.5, most: 4}"),
            List.of(
                "components.sfu.participants.most: expected one of max, min. Found: an unknown key",
                "components.sfu.participants.max: expected an integer. Found: 2.5")),
        Arguments.of(
            "duration: 1m\n" + sfu.formatted("participants: 8"),
            List.of(
                "components.sfu.participants: expected a mapping with keys [max, min]. Found: 8")),
        Arguments.of(
            "duration: 1m\ncomponents: {sfu: {gracePeriod: 5h, jobCpu: 0.1, duration: {min: 1m, max: 2m}, perMinute: [[0s, 1]]}}\n",
            List.of(
                "components.sfu.jobCpu: expected one of duration, gracePeriod, idleCpu, initialReplicas,"
                    + " maxReplicas, minReplicas, participantCpu, participants, perMinute, startupDelay. Found: an unknown key",
                "components.sfu.participantCpu: expected a number. Found: nothing",
                "components.sfu.participants: expected a mapping with keys [max, min]. Found: nothing")),
        Arguments.of(
            "duration: 1m\ncomponents: {sfu: {gracePeriod: 5h, participantCpu: 0, duration: {min: 1m, max: 2m}, perMinute: [[0s, 1]]}}\n",
            List.of(
                "components.sfu.participantCpu: expected a number in (0, 1]. Found: 0",
                "components.sfu.participants: expected a mapping with keys [max, min]. Found: nothing")),
        Arguments.of(
            "duration: 1m\nprometheusOutage: {at: 10s, for: 0s}\n" + agents.formatted(""),
            List.of("prometheusOutage.for: expected a duration > 0s. Found: 0s")));
  }

  @ParameterizedTest
  @MethodSource
  void errors(String yaml, List<String> expected) {
    assertThatThrownBy(() -> ScenarioParser.parse("broken", yaml))
        .isInstanceOfSatisfying(
            ScenarioException.class,
            e -> assertThat(e.errors()).containsExactlyElementsOf(expected));
  }
}
