package dev.lkscaler.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.sim.loop.RunResult;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class SummaryJsonTest {
  @Test
  void readsBackWhatItWrote(@TempDir Path dir) throws Exception {
    for (RunResult run : List.of(Runs.run(), Runs.outageRun())) {
      SummaryJson written = RunFiles.write(run, dir).json();

      assertThat(SummaryJson.read(Files.readString(dir.resolve("summary.json"))))
          .isEqualTo(written)
          .isEqualTo(SummaryJson.of(run));
    }
  }

  @Test
  void perFleetAndComponentTheRunsFigures() throws Exception {
    SummaryJson json = SummaryJson.of(Runs.outageRun());

    assertThat(json.fleets().keySet()).containsExactly("lkscaler", "cpu-hpa", "oracle");
    assertThat(json.prometheusOutage()).hasValue(new SummaryJson.Outage(30, 70));
    assertThat(json.figures("lkscaler", "agents"))
        .isEqualTo(
            new SummaryJson.Figures(
                40,
                0,
                0,
                0,
                350,
                OptionalDouble.of(2),
                5,
                Optional.of(true),
                OptionalDouble.of(30),
                // one scale-down and one answer of 0 (an IsActive) while down
                Optional.of(new SummaryJson.DuringOutage(OptionalLong.of(1), OptionalLong.of(1))),
                // not the SFU: no media figures
                Optional.empty()));
    assertThat(json.figures("cpu-hpa", "agents"))
        .isEqualTo(
            new SummaryJson.Figures(
                40,
                3,
                3 / 40.0,
                1,
                250.4,
                OptionalDouble.of(250.4 / 175),
                4,
                Optional.of(true),
                OptionalDouble.of(60),
                Optional.of(new SummaryJson.DuringOutage(OptionalLong.of(1), OptionalLong.empty())),
                Optional.empty()));
    assertThat(json.figures("oracle", "agents").duringOutage())
        .hasValue(new SummaryJson.DuringOutage(OptionalLong.empty(), OptionalLong.empty()));
  }

  @Test
  void withoutAnOutageItsKeysAreNull() throws Exception {
    SummaryJson json = SummaryJson.of(Runs.run());

    assertThat(json.prometheusOutage()).isEmpty();
    assertThat(json.figures("lkscaler", "agents").duringOutage()).isEmpty();
  }

  /** The schema of docs/sim.md: every key always written, in this order. */
  @Test
  void theDocumentedKeysAlwaysWritten() throws Exception {
    for (RunResult run : List.of(Runs.run(), Runs.outageRun())) {
      JsonNode root = SummaryJson.mapper().readTree(SummaryJson.of(run).render());

      assertThat(root.propertyNames())
          .containsExactly(
              "schema",
              "scenario",
              "seed",
              "description",
              "duration",
              "endedAt",
              "completed",
              "timeScale",
              "prometheusOutage",
              "fleets");
      assertThat(root.get("schema").asInt()).isEqualTo(1);
      JsonNode agents = root.get("fleets").get("oracle").get("agents");
      assertThat(agents.propertyNames())
          .containsExactly(
              "offered",
              "rejected",
              "rejectedShare",
              "lost",
              "podSeconds",
              "podSecondsVsOracle",
              "peakPods",
              "capacityReached",
              "secondsToCapacity",
              "duringOutage",
              "media");
      if (run.outage().isPresent()) {
        assertThat(root.get("prometheusOutage").propertyNames())
            .containsExactly("stoppedAt", "readyAt");
        assertThat(agents.get("duringOutage").propertyNames())
            .containsExactly("scaleDowns", "zeroAnswers");
        assertThat(agents.get("duringOutage").get("scaleDowns").isNull()).isTrue();
      } else {
        assertThat(root.get("prometheusOutage").isNull()).isTrue();
        assertThat(agents.get("duringOutage").isNull()).isTrue();
      }
    }
  }

  @Test
  void docsSimMdNamesEveryKeyOfBothFiles() throws Exception {
    String docs = Files.readString(Path.of("../docs/sim.md"));
    for (Class<?> type :
        List.of(
            SummaryJson.class,
            SummaryJson.Outage.class,
            SummaryJson.Figures.class,
            SummaryJson.DuringOutage.class,
            SummaryJson.Media.class,
            Matrix.class,
            Matrix.Row.class,
            Matrix.Failure.class)) {
      for (RecordComponent key : type.getRecordComponents()) {
        assertThat(docs)
            .as("%s.%s", type.getSimpleName(), key.getName())
            .contains("`" + key.getName() + "`");
      }
    }
  }
}
