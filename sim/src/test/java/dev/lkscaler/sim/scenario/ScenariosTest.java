package dev.lkscaler.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lkscaler.sim.fleet.Component;
import java.nio.file.Files;
import java.nio.file.Path;
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
                        "neither a file nor a built-in scenario (ramp, spike, prometheus-outage, egress-burst, scale-from-zero, sfu-evening)"));
  }
}
