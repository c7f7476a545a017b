package dev.lkscaler.sim.report;

import dev.lkscaler.sim.loop.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files a finished run leaves in its directory, beside the policy.yaml and lkscaler.log the run
 * wrote: summary.txt, summary.json, samples.csv and report.html. The demo, the matrix and the
 * end-to-end tests all write them here.
 */
public final class RunFiles {
  /**
   * @param summary the text of summary.txt: the table, then the outage's paragraph if any
   */
  public record Written(String summary, SummaryJson json, Path report) {}

  private RunFiles() {}

  public static Written write(RunResult run, Path dir) throws IOException {
    Files.createDirectories(dir);
    String summary =
        Text.summary(Summary.of(run), run.scenario().components())
            + OutageSummary.of(run).map(o -> o.describe() + "\n").orElse("");
    SummaryJson json = SummaryJson.of(run);
    Files.writeString(dir.resolve("summary.txt"), summary);
    Files.writeString(dir.resolve("summary.json"), json.render());
    Files.writeString(dir.resolve("samples.csv"), SamplesCsv.render(run));
    Path report = dir.resolve("report.html");
    Files.writeString(report, HtmlReport.render(run));
    return new Written(summary, json, report);
  }
}
