package dev.lkscaler;

import dev.lkscaler.decision.Evaluation;
import dev.lkscaler.decision.Outcome;
import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.plan.PlanException;
import dev.lkscaler.plan.Planner;
import dev.lkscaler.plan.QueryPlan;
import dev.lkscaler.plan.Replicas;
import dev.lkscaler.policy.PolicyException;
import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.tuning.Explanation;
import dev.lkscaler.tuning.ExplanationOutput;
import dev.lkscaler.tuning.PlanReader;
import dev.lkscaler.tuning.Times;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Queries Prometheus now, or at --at, and shows how the policy decides for one ScaledObject:"
          + " each query, its series, each signal's count, and the reason line as serve logs it.",
      "Exits 0 with a decision, 3 without one (no data; the cause is printed), 2 on a usage"
          + " error (a bad option, an invalid policy file, an unknown policy or bad metadata)."
    })
final class ExplainCommand implements Callable<Integer> {
  static final int NO_DATA = 3;
  static final int USAGE = 2;

  enum Output {
    text,
    json
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ScaledObjectOptions scaledObject;

  @Option(
      names = "--replicas",
      paramLabel = "N",
      description =
          "The target's current replicas, as serve knows them from the cluster; without it, as"
              + " serve without a Kubernetes API.")
  Integer replicas;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "Evaluate at this time: RFC 3339 (2026-12-03T12:00:00Z) or Unix seconds.")
  String at;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      description = "text (default) or json (schema in docs/tuning.md).")
  Output output = Output.text;

  private final Clock clock;

  ExplainCommand() {
    this(Clock.systemUTC());
  }

  ExplainCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Instant> time;
    try {
      time = at == null ? Optional.empty() : Optional.of(Times.parse(at));
    } catch (IllegalArgumentException e) {
      err.println("explain: --at: " + e.getMessage());
      return USAGE;
    }
    if (replicas != null && replicas < 0) {
      err.println("explain: --replicas: expected 0 or more. Found: " + replicas);
      return USAGE;
    }
    PolicySet set;
    try {
      set = PolicyParser.parse(Files.readString(scaledObject.config, StandardCharsets.UTF_8));
    } catch (PolicyException e) {
      e.errors().forEach(error -> err.println(scaledObject.config + ": " + error));
      return USAGE;
    } catch (IOException e) {
      err.println(scaledObject.config + ": cannot read: " + e.getMessage());
      return USAGE;
    }
    Instant now = time.orElseGet(clock::instant);
    QueryPlan plan;
    try {
      plan =
          Planner.plan(
              set,
              scaledObject.ref(),
              scaledObject.target(),
              replicas == null ? new Replicas.Untracked() : new Replicas.Known(replicas),
              now,
              Optional.empty());
    } catch (PlanException e) {
      err.println("explain: " + e.getMessage());
      return USAGE;
    }
    Map<String, QueryResult> results =
        new PlanReader(PlanReader.client(err, clock)).readAll(plan, time);
    Outcome outcome = Evaluation.evaluate(plan, results, Optional.empty(), now);
    Explanation explanation = Explanation.of(plan, results, outcome, now);
    out.print(
        output == Output.json
            ? ExplanationOutput.json(explanation, JsonMapper.builder().build())
            : ExplanationOutput.text(explanation));
    out.flush();
    return ExplanationOutput.exitCode(explanation);
  }
}
