package dev.lkscaler.sim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.loop.ClosedLoop;
import dev.lkscaler.sim.loop.RunResult;
import dev.lkscaler.sim.loop.Sample;
import dev.lkscaler.sim.report.RunFiles;
import dev.lkscaler.sim.report.SummaryJson;
import dev.lkscaler.sim.report.Text;
import dev.lkscaler.sim.scenario.Scenario;
import dev.lkscaler.sim.scenario.Scenarios;
import dev.lkscaler.testing.RealPrometheus;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a built-in scenario end to end at the demo's time scale, keeping its live rows and the run's
 * files (summary.txt, summary.json, samples.csv, report.html) under target/sim-reports/NAME for the
 * investigation of a failing run.
 */
final class SimRuns {
  static final double TIME_SCALE = 10;

  private SimRuns() {}

  static RunResult run(String name) throws Exception {
    Scenario scenario = Scenarios.load(name);
    Path dir = Path.of(System.getProperty("lksim.reports", "target/sim-reports")).resolve(name);
    Files.createDirectories(dir);
    List<Component> components = scenario.components();
    RunResult result;
    try (PrintWriter live =
        new PrintWriter(Files.newBufferedWriter(dir.resolve("live.txt")), true)) {
      live.println(Text.liveHeader(components));
      result =
          new ClosedLoop(
                  scenario,
                  new ClosedLoop.Options(
                      TIME_SCALE,
                      dir,
                      RealPrometheus.binary(),
                      row -> live.println(Text.liveRow(row, components)),
                      10))
              .run();
    }
    RunFiles.write(result, dir);
    return result;
  }

  /** Runs the scenario, which must run to its end. */
  static RunResult completed(String name) throws Exception {
    RunResult result = run(name);
    assertThat(result.completed()).as("%s ran to its end", name).isTrue();
    return result;
  }

  /** A fleet's figures for a component, as summary.json writes them. */
  static SummaryJson.Figures figures(RunResult run, String fleet, Component component) {
    return SummaryJson.of(run).fleets().get(fleet).get(component.id());
  }

  /** The first sample at or after {@code t}. */
  static Sample at(List<Sample> samples, double t) {
    return samples.stream()
        .filter(s -> s.t() >= t)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample at " + t));
  }
}
