package dev.lkscaler.sim;

import dev.lkscaler.sim.loop.ClosedLoop;
import dev.lkscaler.sim.loop.RunResult;
import dev.lkscaler.sim.report.HtmlReport;
import dev.lkscaler.sim.report.OutageSummary;
import dev.lkscaler.sim.report.SamplesCsv;
import dev.lkscaler.sim.report.Summary;
import dev.lkscaler.sim.report.Text;
import dev.lkscaler.sim.scenario.Scenario;
import dev.lkscaler.sim.scenario.ScenarioException;
import dev.lkscaler.sim.scenario.Scenarios;
import dev.lkscaler.testing.RealPrometheus;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** lksim: runs a scenario end to end and reports lkscaler against the CPU HPA. */
@Command(
    name = "lksim",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a scenario end to end: a simulated LiveKit fleet, the real Prometheus,",
      "lkscaler and a KEDA/HPA emulator, beside the same fleet under LiveKit's CPU",
      "HPA. Prints live rows, then a summary table, and writes an HTML report.",
      "Simulated time runs --time-scale times faster than real time."
    })
public final class Main implements Callable<Integer> {
  @Option(
      names = "--scenario",
      defaultValue = "ramp",
      paramLabel = "NAME|FILE",
      description =
          "A built-in scenario (${COMPLETION-CANDIDATES}) or a scenario file (default: ${DEFAULT-VALUE}).",
      completionCandidates = Scenarios.Names.class)
  String scenario;

  @Option(names = "--seed", paramLabel = "N", description = "Overrides the scenario's random seed.")
  Long seed;

  @Option(
      names = "--time-scale",
      defaultValue = "10",
      paramLabel = "X",
      description = "Simulated seconds per real second (default: ${DEFAULT-VALUE}).")
  double timeScale;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where the report goes (default: target/lksim/<scenario>-<time>).")
  Path out;

  @Option(
      names = "--live-every",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "Simulated seconds between live rows (default: ${DEFAULT-VALUE}).")
  double liveEvery;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "lksim-logback.xml");
    }
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter terminal = spec.commandLine().getOut();
    Scenario chosen;
    try {
      chosen = Scenarios.load(scenario);
    } catch (ScenarioException e) {
      spec.commandLine().getErr().println("lksim: " + e.getMessage());
      return 2;
    }
    if (seed != null) {
      chosen = chosen.withSeed(seed);
    }
    String prometheus;
    try {
      prometheus = RealPrometheus.binary();
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("lksim: " + e.getMessage());
      return 2;
    }
    Path dir =
        out != null
            ? out
            : Path.of(
                "target",
                "lksim",
                chosen.name()
                    + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    System.setProperty("lksim.log", dir.resolve("lkscaler.log").toString());
    Scenario run = chosen;
    terminal.printf(
        "lksim: scenario %s (seed %d): %s%n", run.name(), run.seed(), run.description());
    terminal.printf(
        "lksim: %.0f simulated seconds at %.0fx: about %.0f s of real time; Ctrl-C stops it%n",
        run.duration(), timeScale, run.duration() / timeScale);
    terminal.println(Text.liveHeader(run.components()));
    ClosedLoop loop =
        new ClosedLoop(
            run,
            new ClosedLoop.Options(
                timeScale,
                dir,
                prometheus,
                row -> terminal.println(Text.liveRow(row, run.components())),
                liveEvery));
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              loop.requestStop();
              try {
                // let the run stop Prometheus, lkscaler and the API server, and print what it has
                finished.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "lksim-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      RunResult result = loop.run();
      terminal.println();
      terminal.println(
          result.completed()
              ? "lksim: summary (simulated seconds; work counted from t=0)"
              : String.format("lksim: stopped at %.0f s; summary so far", result.endedAt()));
      String table = Text.summary(Summary.of(result), run.components());
      terminal.print(table);
      OutageSummary.of(result).ifPresent(o -> terminal.println(o.describe()));
      Files.writeString(dir.resolve("summary.txt"), table);
      Files.writeString(dir.resolve("samples.csv"), SamplesCsv.render(result));
      Path report = dir.resolve("report.html");
      Files.writeString(report, HtmlReport.render(result));
      terminal.println("lksim: report: " + report.toAbsolutePath().normalize());
      terminal.flush();
      return 0;
    } finally {
      finished.countDown();
    }
  }
}
