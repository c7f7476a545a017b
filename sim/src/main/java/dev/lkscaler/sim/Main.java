package dev.lkscaler.sim;

import dev.lkscaler.sim.loop.ClosedLoop;
import dev.lkscaler.sim.loop.LiveRow;
import dev.lkscaler.sim.loop.RunResult;
import dev.lkscaler.sim.report.Matrix;
import dev.lkscaler.sim.report.RunFiles;
import dev.lkscaler.sim.report.SummaryJson;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** lksim: runs a scenario end to end and reports lkscaler against the CPU HPA and the oracle. */
@Command(
    name = "lksim",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a scenario end to end: a simulated LiveKit fleet, the real Prometheus,",
      "lkscaler and a KEDA/HPA emulator, beside the same fleet under LiveKit's CPU",
      "HPA and an oracle with perfect foresight. Prints live rows, then a summary",
      "table, and writes an HTML report and summary.json. With --matrix, runs",
      "scenarios x seeds one after another and prints one table.",
      "Simulated time runs --time-scale times faster than real time."
    })
public final class Main implements Callable<Integer> {
  private static final String DEFAULT_SCENARIO = "ramp";
  private static final List<Long> DEFAULT_SEEDS = List.of(1L, 2L, 3L);

  @Option(
      names = "--scenario",
      split = ",",
      paramLabel = "NAME|FILE",
      description =
          "A built-in scenario (${COMPLETION-CANDIDATES}) or a scenario file (default: "
              + DEFAULT_SCENARIO
              + "). With --matrix, a comma-separated list (default: every built-in one).",
      completionCandidates = Scenarios.Names.class)
  List<String> scenarios;

  @Option(names = "--seed", paramLabel = "N", description = "Overrides the scenario's random seed.")
  Long seed;

  @Option(
      names = "--matrix",
      description =
          "Runs every scenario of --scenario with every seed of --seeds, one after another, and"
              + " prints one table (written as matrix.txt and matrix.json under --out).")
  boolean matrix;

  @Option(
      names = "--seeds",
      split = ",",
      paramLabel = "N,N...",
      description = "With --matrix: the seeds of each scenario (default: 1,2,3).")
  List<Long> seeds;

  @Option(
      names = "--time-scale",
      defaultValue = "10",
      paramLabel = "X",
      description = "Simulated seconds per real second (default: ${DEFAULT-VALUE}).")
  double timeScale;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Where the report goes (default: target/lksim/<scenario>-<time>; with --matrix,"
              + " target/lksim/matrix-<time>, one directory per run inside).")
  Path out;

  @Option(
      names = "--live-every",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "Simulated seconds between live rows (default: ${DEFAULT-VALUE}).")
  double liveEvery;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The run in progress, for Ctrl-C; null between runs. */
  private volatile ClosedLoop current;

  private volatile boolean stopping;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "lksim-logback.xml");
    }
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> misuse = misuse();
    if (misuse.isPresent()) {
      err.println("lksim: " + misuse.get());
      return 2;
    }
    List<Scenario> chosen = new ArrayList<>();
    try {
      for (String name : scenarios != null ? scenarios : defaultScenarios()) {
        chosen.add(Scenarios.load(name));
      }
    } catch (ScenarioException e) {
      err.println("lksim: " + e.getMessage());
      return 2;
    }
    String prometheus;
    try {
      prometheus = RealPrometheus.binary();
    } catch (IllegalStateException e) {
      err.println("lksim: " + e.getMessage());
      return 2;
    }
    String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stopping = true;
              ClosedLoop running = current;
              if (running != null) {
                running.requestStop();
              }
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
      if (matrix) {
        return matrix(
            chosen, prometheus, out != null ? out : Path.of("target", "lksim", "matrix-" + time));
      }
      Scenario run = seed != null ? chosen.get(0).withSeed(seed) : chosen.get(0);
      return one(
          run, prometheus, out != null ? out : Path.of("target", "lksim", run.name() + "-" + time));
    } finally {
      finished.countDown();
    }
  }

  /** What the options cannot mean together, in the scaler's command-line style. */
  private Optional<String> misuse() {
    if (matrix && seed != null) {
      return Optional.of("--seed: only goes without --matrix (the matrix takes --seeds)");
    }
    if (!matrix && seeds != null) {
      return Optional.of("--seeds: only goes with --matrix (one run takes --seed)");
    }
    if (!matrix && scenarios != null && scenarios.size() != 1) {
      return Optional.of(
          "--scenario: expected one scenario without --matrix. Found: "
              + String.join(",", scenarios));
    }
    return Optional.empty();
  }

  private List<String> defaultScenarios() {
    return matrix ? Scenarios.BUILT_IN : List.of(DEFAULT_SCENARIO);
  }

  /** One run with live rows, its summary on the terminal and its files in {@code dir}. */
  private int one(Scenario run, String prometheus, Path dir) throws Exception {
    PrintWriter terminal = spec.commandLine().getOut();
    System.setProperty("lksim.log", dir.resolve("lkscaler.log").toString());
    terminal.printf(
        "lksim: scenario %s (seed %d): %s%n", run.name(), run.seed(), run.description());
    terminal.printf(
        "lksim: %.0f simulated seconds at %.0fx: about %.0f s of real time; Ctrl-C stops it%n",
        run.duration(), timeScale, run.duration() / timeScale);
    terminal.println(Text.liveHeader(run.components()));
    RunResult result =
        run(run, prometheus, dir, row -> terminal.println(Text.liveRow(row, run.components())));
    terminal.println();
    terminal.println(
        result.completed()
            ? "lksim: summary (simulated seconds; work counted from t=0)"
            : String.format("lksim: stopped at %.0f s; summary so far", result.endedAt()));
    RunFiles.Written written = RunFiles.write(result, dir);
    terminal.print(written.summary());
    terminal.println("lksim: report: " + written.report().toAbsolutePath().normalize());
    terminal.flush();
    return 0;
  }

  /**
   * Every scenario with every seed, one after another; a run that fails is listed and the others
   * still run. Exit code 1 if any failed.
   */
  private int matrix(List<Scenario> chosen, String prometheus, Path dir) throws Exception {
    PrintWriter terminal = spec.commandLine().getOut();
    List<Long> runSeeds = seeds != null ? seeds : DEFAULT_SEEDS;
    Files.createDirectories(dir);
    // logback reads this once: the matrix's runs share one lkscaler.log
    System.setProperty("lksim.log", dir.resolve("lkscaler.log").toString());
    int total = chosen.size() * runSeeds.size();
    double simulated = chosen.stream().mapToDouble(Scenario::duration).sum() * runSeeds.size();
    terminal.printf(
        "lksim: matrix of %d runs (%s x seeds %s): about %.0f min of real time; Ctrl-C stops it%n",
        total,
        String.join(", ", chosen.stream().map(Scenario::name).toList()),
        String.join(",", runSeeds.stream().map(String::valueOf).toList()),
        simulated / timeScale / 60);
    List<SummaryJson> figures = new ArrayList<>();
    List<Matrix.Failure> failed = new ArrayList<>();
    int index = 0;
    for (Scenario scenario : chosen) {
      for (long runSeed : runSeeds) {
        if (stopping) {
          break;
        }
        Scenario run = scenario.withSeed(runSeed);
        Path runDir = dir.resolve(run.name() + "-seed" + runSeed);
        terminal.printf(
            "lksim: [%d/%d] %s seed %d (%.0f s)%n",
            ++index, total, run.name(), runSeed, run.duration() / timeScale);
        terminal.flush();
        try {
          RunResult result = run(run, prometheus, runDir, row -> {});
          RunFiles.Written written = RunFiles.write(result, runDir);
          figures.add(written.json());
          terminal.println("lksim: report: " + written.report().toAbsolutePath().normalize());
        } catch (Exception e) {
          failed.add(new Matrix.Failure(run.name(), runSeed, e.toString()));
          terminal.println("lksim: " + run.name() + " seed " + runSeed + " failed: " + e);
        }
      }
    }
    Matrix table = Matrix.of(figures, failed);
    Files.writeString(dir.resolve("matrix.txt"), table.text());
    Files.writeString(dir.resolve("matrix.json"), table.render());
    terminal.println();
    terminal.print(table.text());
    terminal.println("lksim: matrix: " + dir.resolve("matrix.json").toAbsolutePath().normalize());
    terminal.flush();
    return failed.isEmpty() ? 0 : 1;
  }

  private RunResult run(Scenario run, String prometheus, Path dir, Consumer<LiveRow> live)
      throws Exception {
    ClosedLoop loop =
        new ClosedLoop(run, new ClosedLoop.Options(timeScale, dir, prometheus, live, liveEvery));
    current = loop;
    try {
      if (stopping) {
        loop.requestStop();
      }
      return loop.run();
    } finally {
      current = null;
    }
  }
}
