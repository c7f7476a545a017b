package dev.lkscaler.sim.report;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.fleet.Counters;
import dev.lkscaler.sim.loop.Answer;
import dev.lkscaler.sim.loop.ClosedLoop;
import dev.lkscaler.sim.loop.OutageResult;
import dev.lkscaler.sim.loop.RunResult;
import dev.lkscaler.sim.loop.Sample;
import dev.lkscaler.sim.loop.ScaleAction;
import dev.lkscaler.sim.loop.SimPolicy;
import dev.lkscaler.sim.scenario.Scenario;
import dev.lkscaler.sim.scenario.ScenarioParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** A small finished run of agents, made by hand, for the report's tests. */
final class Runs {
  private Runs() {}

  static Scenario scenario() throws Exception {
    return ScenarioParser.parse(
        "tiny",
        """
        description: A tiny ramp.
        duration: 100s
        seed: 3
        components:
          agents: {initialReplicas: 2, gracePeriod: 60s, jobCpu: 0.1, duration: {min: 10s, max: 20s}, perMinute: [[0s, 6], [20s, 6], [40s, 30]]}
        """);
  }

  /**
   * The load rises from 0.5 to 2.5 over t=20..60; lkscaler's pods follow at once, the baseline's a
   * step later; the oracle has the pods at 0.7 each (4 at the peak).
   */
  static RunResult run(
      Optional<OutageResult> outage, List<Answer> answers, List<ScaleAction> actions)
      throws Exception {
    List<Sample> lk = new ArrayList<>();
    List<Sample> base = new ArrayList<>();
    List<Sample> oracle = new ArrayList<>();
    for (int t = 0; t <= 100; t += 10) {
      double offered = t <= 20 ? 0.5 : Math.min(2.5, 0.5 + (t - 20) * 0.05);
      int lkReady = (int) Math.ceil(offered / 0.5);
      int baseReady = Math.max(1, (int) Math.ceil(offered / 0.7) - (t >= 40 && t < 80 ? 1 : 0));
      lk.add(
          new Sample(t, lkReady, lkReady, lkReady, 0, 0, 0, offered / lkReady, offered, t, 0, 0));
      base.add(
          new Sample(
              t,
              baseReady,
              baseReady,
              baseReady,
              0,
              0,
              t >= 50 ? 1 : 0,
              offered / baseReady,
              offered,
              t,
              t >= 50 ? 3 : 0,
              0));
      int need = (int) Math.ceil(offered / 0.7);
      oracle.add(new Sample(t, need, need, need, 0, 0, 0, 0, offered, t, 0, 0));
    }
    Map<String, Map<Component, List<Sample>>> samples = new LinkedHashMap<>();
    samples.put(ClosedLoop.LKSCALER, new EnumMap<>(Map.of(Component.AGENTS, lk)));
    samples.put(ClosedLoop.BASELINE, new EnumMap<>(Map.of(Component.AGENTS, base)));
    samples.put(ClosedLoop.ORACLE, new EnumMap<>(Map.of(Component.AGENTS, oracle)));
    Map<String, Map<Component, Counters>> counters = new LinkedHashMap<>();
    counters.put(
        ClosedLoop.LKSCALER,
        new EnumMap<>(Map.of(Component.AGENTS, new Counters(40, 0, 0, 2, 2, 0, 12, 350, 5, 0, 0))));
    counters.put(
        ClosedLoop.BASELINE,
        new EnumMap<>(
            Map.of(Component.AGENTS, new Counters(40, 3, 1, 1, 0, 1, 60, 250.4, 4, 0, 0))));
    counters.put(
        ClosedLoop.ORACLE,
        new EnumMap<>(Map.of(Component.AGENTS, new Counters(40, 0, 0, 0, 0, 0, 0, 175, 4, 0, 0))));
    return new RunResult(
        scenario(),
        SimPolicy.shipped(),
        10,
        100,
        true,
        samples,
        counters,
        answers,
        actions,
        outage,
        Path.of("unused"));
  }

  static RunResult run() throws Exception {
    return run(Optional.empty(), List.of(), List.of());
  }

  /**
   * Prometheus down from 30 s to 70 s; answers, scale-downs and a scale-up inside and outside it.
   */
  static RunResult outageRun() throws Exception {
    return run(
        Optional.of(new OutageResult(30, 70, Map.of(Component.AGENTS, 640L))),
        List.of(
            answer(20, "GetMetrics", 1),
            answer(35, "GetMetrics", 4),
            answer(35, "IsActive", 1),
            answer(40, "IsActive", 0),
            answer(45, "GetMetrics", 3),
            unavailable(65),
            unavailable(66),
            answer(80, "GetMetrics", 0)),
        List.of(
            new ScaleAction(50, ClosedLoop.LKSCALER, Component.AGENTS, 4, 3, "hpa", "test"),
            new ScaleAction(55, ClosedLoop.LKSCALER, Component.AGENTS, 3, 4, "hpa", "test"),
            new ScaleAction(60, ClosedLoop.BASELINE, Component.AGENTS, 4, 2, "cpu-hpa", "test"),
            new ScaleAction(90, ClosedLoop.LKSCALER, Component.AGENTS, 3, 2, "hpa", "test")));
  }

  static Answer answer(double t, String method, double value) {
    return new Answer(t, Component.AGENTS, "hpa", method, OptionalDouble.of(value), "");
  }

  static Answer unavailable(double t) {
    return new Answer(
        t, Component.AGENTS, "hpa", "GetMetrics", OptionalDouble.empty(), "UNAVAILABLE");
  }
}
