package dev.lkscaler;

import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.hpa.ScaledObjectSpec;
import dev.lkscaler.plan.PlanException;
import dev.lkscaler.plan.Planner;
import dev.lkscaler.plan.QueryPlan;
import dev.lkscaler.plan.Replicas;
import dev.lkscaler.plan.TargetRef;
import dev.lkscaler.policy.Durations;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.PolicyException;
import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.prometheus.PrometheusClient;
import dev.lkscaler.tuning.Backtest;
import dev.lkscaler.tuning.BacktestOutput;
import dev.lkscaler.tuning.BacktestReport;
import dev.lkscaler.tuning.PlanReader;
import dev.lkscaler.tuning.RangeFetcher;
import dev.lkscaler.tuning.Times;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    description = {
      "Replays a policy over Prometheus' history: the decisions a live call would have made at each"
          + " step, with the same last-known-good rules, then KEDA and the HPA on them, and prints"
          + " the replica curve's figures; with --compare, a second policy file beside it.",
      "Exits 0 when the window was replayed, 2 on a usage error, 1 when Prometheus could not be"
          + " read at all."
    })
final class BacktestCommand implements Callable<Integer> {
  static final int USAGE = 2;
  static final int FAILED = 1;

  enum Output {
    text,
    json
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ScaledObjectOptions target;

  @Option(names = "--from", required = true, paramLabel = "T1", description = "RFC 3339 or Unix s.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "T2", description = "RFC 3339 or Unix s.")
  String to;

  @Option(names = "--step", paramLabel = "DURATION", description = "Step; 30s by default.")
  String step = "30s";

  @Option(
      names = "--compare",
      paramLabel = "OTHER_FILE",
      description = "A second policy file, replayed beside the first.")
  Path compare;

  @Option(
      names = "--scaledobject",
      paramLabel = "SO.yaml",
      description = "The ScaledObject whose KEDA and HPA settings are replayed.")
  Path scaledObjectFile;

  @Option(
      names = "--compare-scaledobject",
      paramLabel = "SO.yaml",
      description = "The ScaledObject for the --compare column; --scaledobject's by default.")
  Path compareScaledObject;

  @Option(
      names = "--actual-replicas-query",
      paramLabel = "PROMQL",
      description = "What really ran, e.g. kube_deployment_status_replicas{...}: a third column.")
  String actualQuery;

  @Option(
      names = "--report",
      paramLabel = "out.html",
      description = "Also write a self-contained HTML report with interactive charts.")
  Path report;

  @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json.")
  Output output = Output.text;

  @Option(
      names = "--chunk-steps",
      hidden = true,
      description = "Steps per range query (at most 11000).")
  int chunkSteps = RangeFetcher.DEFAULT_CHUNK_STEPS;

  private final Clock clock = Clock.systemUTC();

  /** A usage error: its message is printed and the exit code is 2. */
  private static final class Usage extends Exception {
    private static final long serialVersionUID = 1L;

    Usage(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      RangeFetcher.Window window = window();
      PolicySet first = policies(target.config);
      Optional<PolicySet> second =
          compare == null ? Optional.empty() : Optional.of(policies(compare));
      TargetRef ref = target.ref();
      Optional<String> targetName = target.target();
      ScaledObjectSpec hpa =
          scaledObjectSpec(scaledObjectFile, first.policies().get(target.policy));
      if (compareScaledObject != null && compare == null) {
        throw new Usage("--compare-scaledobject: expected beside --compare. Found: no --compare");
      }
      ScaledObjectSpec compareHpa =
          compareScaledObject == null
              ? hpa
              : scaledObjectSpec(
                  compareScaledObject, second.orElseThrow().policies().get(target.policy));

      List<String> queries = new ArrayList<>(queries(first, ref, targetName));
      if (second.isPresent()) {
        for (String query : queries(second.get(), ref, targetName)) {
          if (!queries.contains(query)) {
            queries.add(query);
          }
        }
      }
      if (actualQuery != null && !queries.contains(actualQuery)) {
        queries.add(actualQuery);
      }
      PrometheusClient client = PlanReader.client(err, clock);
      Map<String, List<QueryResult>> history;
      try (Progress progress = new Progress("fetching")) {
        history =
            new RangeFetcher(client, chunkSteps, RangeFetcher.DEFAULT_PARALLEL)
                .fetch(first.prometheus(), queries, window, progress::step);
      }
      OptionalInt start = actualQuery == null ? OptionalInt.empty() : actualAt(history, 0);

      List<BacktestOutput.Column> columns = new ArrayList<>();
      Backtest.Run run = Backtest.replay(first, ref, targetName, window, history, hpa, start);
      columns.add(
          new BacktestOutput.Column(
              label(target.config, Optional.ofNullable(scaledObjectFile)), run));
      if (second.isPresent()) {
        columns.add(
            new BacktestOutput.Column(
                label(
                    compare,
                    Optional.ofNullable(
                        compareScaledObject != null ? compareScaledObject : scaledObjectFile)),
                Backtest.replay(
                    second.get(), ref, targetName, window, history, compareHpa, start)));
      }
      if (actualQuery != null) {
        columns.add(
            new BacktestOutput.Column(
                "actual", actual(run, first.policies().get(target.policy), history, window)));
      }
      BacktestOutput.Heading heading =
          new BacktestOutput.Heading(target.policy, target.namespace, ref.name(), window);
      if (report != null) {
        try {
          Files.writeString(
              report,
              BacktestReport.render(heading, columns, first.policies().get(target.policy)),
              StandardCharsets.UTF_8);
        } catch (IOException e) {
          err.println("backtest: cannot write the report " + report + ": " + e.getMessage());
          return FAILED;
        }
      }
      out.print(
          output == Output.json
              ? BacktestOutput.json(heading, columns, JsonMapper.builder().build())
              : BacktestOutput.text(heading, columns));
      out.flush();
      return 0;
    } catch (Usage e) {
      err.println("backtest: " + e.getMessage());
      return USAGE;
    } catch (IllegalStateException e) {
      err.println("backtest: " + e.getMessage() + ": " + e.getCause());
      return FAILED;
    }
  }

  /** A column's heading: the policy file, and the ScaledObject's when one was given. */
  private static String label(Path policyFile, Optional<Path> scaledObjectFile) {
    return policyFile.getFileName()
        + scaledObjectFile.map(so -> " + " + so.getFileName()).orElse("");
  }

  private RangeFetcher.Window window() throws Usage {
    try {
      Duration stepLength =
          Durations.parse(step)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--step: expected a duration such as 30s or 1m. Found: " + step));
      return new RangeFetcher.Window(Times.parse(from), Times.parse(to), stepLength);
    } catch (IllegalArgumentException e) {
      throw new Usage(e.getMessage());
    }
  }

  private PolicySet policies(Path file) throws Usage {
    try {
      PolicySet set = PolicyParser.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (!set.policies().containsKey(target.policy)) {
        throw new Usage(
            file
                + ": no policy named "
                + target.policy
                + " (it has "
                + set.policies().keySet()
                + ")");
      }
      return set;
    } catch (PolicyException e) {
      throw new Usage(file + ": " + String.join("; ", e.errors()));
    } catch (IOException e) {
      throw new Usage(file + ": cannot read: " + e.getMessage());
    }
  }

  private static List<String> queries(PolicySet set, TargetRef ref, Optional<String> target)
      throws Usage {
    try {
      QueryPlan plan =
          Planner.plan(
              set,
              ref,
              target,
              new Replicas.Untracked(),
              java.time.Instant.EPOCH,
              Optional.empty());
      return List.copyOf(plan.queries());
    } catch (PlanException e) {
      throw new Usage(e.getMessage());
    }
  }

  /** The ScaledObject's KEDA and HPA settings; without one, the policy's bounds and defaults. */
  @SuppressWarnings("unchecked")
  private static ScaledObjectSpec scaledObjectSpec(Path scaledObject, Policy chosen) throws Usage {
    Map<String, Object> specMap;
    if (scaledObject == null) {
      specMap = new LinkedHashMap<>();
      specMap.put("minReplicaCount", chosen.minReplicas());
      specMap.put("maxReplicaCount", chosen.maxReplicas());
      specMap.put("triggers", List.of(Map.of("type", "external")));
    } else {
      try {
        Object document =
            new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(scaledObject, StandardCharsets.UTF_8));
        if (!(document instanceof Map<?, ?> map) || !(map.get("spec") instanceof Map<?, ?> s)) {
          throw new Usage(scaledObject + ": expected a ScaledObject with a spec. Found: none");
        }
        specMap = (Map<String, Object>) s;
      } catch (IOException | YamlEngineException e) {
        throw new Usage(scaledObject + ": cannot read: " + e.getMessage());
      }
    }
    try {
      return ScaledObjectSpec.fromSpec(specMap);
    } catch (IllegalArgumentException e) {
      throw new Usage(
          (scaledObject == null ? "the default ScaledObject" : scaledObject.toString())
              + ": "
              + e.getMessage());
    }
  }

  private OptionalInt actualAt(Map<String, List<QueryResult>> history, int index) {
    QueryResult result = history.get(actualQuery).get(index);
    if (result instanceof QueryResult.Vector vector && !vector.values().isEmpty()) {
      double sum = vector.values().stream().mapToDouble(Double::doubleValue).sum();
      return OptionalInt.of((int) Math.round(sum));
    }
    return OptionalInt.empty();
  }

  /** What really ran, against the first policy's data: a missing sample keeps the last count. */
  private Backtest.Run actual(
      Backtest.Run policyRun,
      Policy chosen,
      Map<String, List<QueryResult>> history,
      RangeFetcher.Window window) {
    List<Backtest.Step> steps = new ArrayList<>();
    int last = 0;
    for (int i = 0; i < window.steps(); i++) {
      last = actualAt(history, i).orElse(last);
      Backtest.Step replayed = policyRun.steps().get(i);
      steps.add(
          new Backtest.Step(replayed.at(), replayed.targetReplicas(), replayed.outcome(), last));
    }
    return new Backtest.Run(
        steps, Backtest.summarize(chosen, steps, window.step()), policyRun.gaps());
  }
}
