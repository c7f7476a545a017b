package dev.lkscaler.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.loop.ClosedLoop;
import dev.lkscaler.sim.loop.OutageResult;
import dev.lkscaler.sim.loop.RunResult;
import dev.lkscaler.sim.loop.ScaleAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class SummaryJsonTest {
  /** Prometheus down from 30 s to 70 s; scale-downs and answers of 0 inside and outside it. */
  static RunResult outageRun() throws Exception {
    return Runs.run(
        Optional.of(new OutageResult(30, 70, Map.of(Component.AGENTS, 640L))),
        List.of(
            Runs.answer(20, "IsActive", 0),
            Runs.answer(35, "GetMetrics", 4),
            Runs.answer(40, "IsActive", 0),
            Runs.answer(45, "GetMetrics", 0),
            Runs.unavailable(65),
            Runs.answer(80, "GetMetrics", 0)),
        List.of(
            new ScaleAction(10, ClosedLoop.LKSCALER, Component.AGENTS, 5, 4, "hpa", "test"),
            new ScaleAction(50, ClosedLoop.LKSCALER, Component.AGENTS, 4, 3, "hpa", "test"),
            new ScaleAction(55, ClosedLoop.LKSCALER, Component.AGENTS, 3, 4, "hpa", "test"),
            new ScaleAction(60, ClosedLoop.BASELINE, Component.AGENTS, 4, 2, "cpu-hpa", "test")));
  }

  @Test
  void readsBackWhatItWrote(@TempDir Path dir) throws Exception {
    for (RunResult run : List.of(Runs.run(), outageRun())) {
      SummaryJson written = RunFiles.write(run, dir).json();

      assertThat(SummaryJson.read(Files.readString(dir.resolve("summary.json"))))
          .isEqualTo(written)
          .isEqualTo(SummaryJson.of(run));
    }
  }

  @Test
  void perFleetAndComponentTheRunsFigures() throws Exception {
    SummaryJson json = SummaryJson.of(outageRun());

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
                // one scale-down and two answers of 0 (an IsActive and a GetMetrics) while down
                Optional.of(new SummaryJson.DuringOutage(OptionalLong.of(1), OptionalLong.of(2)))));
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
                Optional.of(
                    new SummaryJson.DuringOutage(OptionalLong.of(1), OptionalLong.empty()))));
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
    for (RunResult run : List.of(Runs.run(), outageRun())) {
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
              "duringOutage");
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
}
