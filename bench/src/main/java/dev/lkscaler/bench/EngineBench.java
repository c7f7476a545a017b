package dev.lkscaler.bench;

import dev.lkscaler.decision.Evaluation;
import dev.lkscaler.decision.Outcome;
import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.plan.Planner;
import dev.lkscaler.plan.QueryPlan;
import dev.lkscaler.plan.Replicas;
import dev.lkscaler.plan.TargetRef;
import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PolicySet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The decision engine alone (JMH): a utilization signal over 500 pods, from samples to the answer,
 * as a live call does once its results are at hand. Decisions per second and bytes allocated per
 * decision (JMH's GC profiler).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EngineBench {
  static final int PODS = 500;
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  private PolicySet policies;
  private TargetRef target;
  private QueryPlan plan;
  private Map<String, QueryResult> results;

  @Setup
  public void setUp() throws Exception {
    policies =
        PolicyParser.parse(
            """
            prometheus: {url: 'http://prometheus:9090'}
            policies:
              agents:
                maxReplicas: 1000
                signals:
                  - {name: load, type: utilization, query: 'lk_agents_worker_load{namespace="{{namespace}}"}', scaleUpAt: 0.5, outOfServiceAt: 0.7}
            """);
    target = new TargetRef("livekit", "agents", Map.of("policy", "agents"));
    plan = plan();
    List<Double> loads = new ArrayList<>();
    List<String> pods = new ArrayList<>();
    for (int pod = 0; pod < PODS; pod++) {
      // 0.20 to 0.79: some pods past outOfServiceAt, as in a busy fleet
      loads.add(0.2 + (pod % 60) / 100.0);
      pods.add("{pod=\"agent-" + pod + "\"}");
    }
    results = Map.of(plan.signalQueries().get("load").load(), new QueryResult.Vector(loads, pods));
    Outcome check = decide();
    // a total load of 243.5 over 0.5 per pod
    if (!(check instanceof Outcome.Fresh fresh) || fresh.decision().desiredReplicas() != 487) {
      throw new IllegalStateException("expected a fresh decision of 487 replicas: " + check);
    }
  }

  private QueryPlan plan() {
    return Planner.plan(
        policies, target, Optional.of("agents"), new Replicas.Known(PODS), NOW, Optional.empty());
  }

  /** Samples to the answer: counts per signal, bounds, the reason. */
  @Benchmark
  public Outcome decide() {
    return Evaluation.evaluate(plan, results, Optional.empty(), NOW);
  }

  /** As a live call: the plan (metadata checked, queries expanded) and then the decision. */
  @Benchmark
  public Outcome planAndDecide() {
    return Evaluation.evaluate(plan(), results, Optional.empty(), NOW);
  }

  /** Runs both with the GC profiler: decisions per second and bytes per decision. */
  static List<Figure> run(boolean smoke) throws Exception {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(EngineBench.class.getName() + "\\.")
            .addProfiler(GCProfiler.class)
            .verbosity(VerboseMode.SILENT)
            .shouldFailOnError(true);
    if (smoke) {
      // in this JVM, a moment each: only that the command works
      options
          .forks(0)
          .warmupIterations(1)
          .warmupTime(TimeValue.milliseconds(200))
          .measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(200));
    } else {
      options
          .forks(1)
          .warmupIterations(3)
          .warmupTime(TimeValue.seconds(1))
          .measurementIterations(5)
          .measurementTime(TimeValue.seconds(1));
    }
    Collection<RunResult> runs = new Runner(options.build()).run();
    List<Figure> figures = new ArrayList<>();
    for (RunResult run : runs) {
      String method = run.getParams().getBenchmark();
      method = method.substring(method.lastIndexOf('.') + 1);
      String what = method.equals("decide") ? "" : " with its plan";
      figures.add(
          Figure.reported(
              "decisions per second" + what + ", " + PODS + "-pod utilization signal",
              run.getPrimaryResult().getScore(),
              "ops/s"));
      Result<?> allocated = run.getSecondaryResults().get("gc.alloc.rate.norm");
      if (allocated == null) {
        throw new IllegalStateException("JMH's GC profiler gave no gc.alloc.rate.norm");
      }
      figures.add(
          Figure.reported("bytes allocated per decision" + what, allocated.getScore(), "B"));
    }
    return figures;
  }
}
