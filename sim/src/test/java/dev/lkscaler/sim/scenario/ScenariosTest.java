package dev.lkscaler.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.loop.SimPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScenariosTest {
  static Iterable<String> builtIn() {
    return Scenarios.BUILT_IN;
  }

  @ParameterizedTest
  @MethodSource("builtIn")
  void everyBuiltInScenarioParsesAndRunsOneToThreeMinutesAtTheDemosTimeScale(String name)
      throws Exception {
    Scenario scenario = Scenarios.load(name);

    assertThat(scenario.name()).isEqualTo(name);
    assertThat(scenario.description()).isNotBlank();
    assertThat(scenario.duration() / 10).isBetween(30.0, 180.0);
    scenario.outage().ifPresent(o -> assertThat(o.end()).isLessThan(scenario.duration()));
  }

  @Test
  void theRequiredScenariosHaveWhatTheirTestsNeed() throws Exception {
    assertThat(Scenarios.load("ramp").workload(Component.AGENTS).orElseThrow().rate().riseStart())
        .isPresent();
    assertThat(Scenarios.load("prometheus-outage").outage()).isPresent();
    assertThat(Scenarios.load("ramp").components()).contains(Component.SFU);
    assertThat(
            Scenarios.load("sfu-evening").workload(Component.SFU).orElseThrow().rate().riseStart())
        .isPresent();
    assertThat(
            Scenarios.load("egress-burst")
                .workload(Component.EGRESS)
                .orElseThrow()
                .rate()
                .riseStart())
        .isPresent();
  }

  @Test
  void everyBuiltInScenarioShipsAndEveryShippedFileIsBuiltIn() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("scenarios"))) {
      assertThat(files.map(f -> f.getFileName().toString().replaceFirst("\\.yaml$", "")))
          .containsExactlyInAnyOrderElementsOf(Scenarios.BUILT_IN);
    }
  }

  @Test
  void rampFastRisesFourFoldOverFourMinutesFromAWarmFleet() throws Exception {
    Scenario scenario = Scenarios.load("ramp-fast");
    for (Workload workload : scenario.workloads()) {
      RateProfile rate = workload.rate();
      double rise = rate.riseStart().orElseThrow();
      double first = rate.at(0);

      assertThat(rate.at(rise + 240)).as(workload.component().id()).isEqualTo(4 * first);
      assertThat(rate.max()).isEqualTo(4 * first);
      assertThat(workload.initialReplicas()).isPositive();
    }
  }

  @Test
  void waveRisesAndFallsTwice() throws Exception {
    RateProfile rate = Scenarios.load("wave").workload(Component.AGENTS).orElseThrow().rate();
    int rises = 0;
    int falls = 0;
    List<RateProfile.Point> points = rate.points();
    for (int i = 1; i < points.size(); i++) {
      double change = points.get(i).perSecond() - points.get(i - 1).perSecond();
      rises += change > 0 ? 1 : 0;
      falls += change < 0 ? 1 : 0;
    }

    assertThat(rises).isEqualTo(2);
    assertThat(falls).isEqualTo(2);
  }

  @Test
  void outageFallingStopsPrometheusJustAfterTheFallBelowMaxReplicas() throws Exception {
    Scenario scenario = Scenarios.load("outage-falling");
    Outage outage = scenario.outage().orElseThrow();
    SimPolicy policy = SimPolicy.shipped();
    for (Workload workload : scenario.workloads()) {
      RateProfile rate = workload.rate();

      // the fall is over when Prometheus stops, and began within the minute before
      assertThat(rate.at(outage.at())).as(workload.component().id()).isLessThan(rate.at(0));
      assertThat(rate.at(outage.at() - 30)).isLessThan(rate.at(0));
      assertThat(rate.at(outage.at() - 60)).isEqualTo(rate.at(0));
      assertThat(workload.initialReplicas()).isLessThan(policy.maxReplicas(workload) / 2);
    }
  }

  @Test
  void aFileByPathAndAnUnknownName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mine.yaml");
    Files.writeString(
        file,
        "duration: 60s\ncomponents: {egress: {gracePeriod: 1m, busyCpu: 0.5,"
            + " duration: {min: 1m, max: 2m}, perMinute: [[0s, 1]]}}\n");

    assertThat(Scenarios.load(file.toString()).name()).isEqualTo("mine");
    assertThatThrownBy(() -> Scenarios.load("nope"))
        .isInstanceOfSatisfying(
            ScenarioException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        "neither a file nor a built-in scenario (ramp, spike, prometheus-outage,"
                            + " egress-burst, scale-from-zero, ramp-fast, wave, outage-falling, sfu-evening)"));
  }
}
