package dev.lkscaler.sim.report;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.loop.Answer;
import dev.lkscaler.sim.loop.ClosedLoop;
import dev.lkscaler.sim.loop.OutageResult;
import dev.lkscaler.sim.loop.RunResult;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What lkscaler's side of the loop did while Prometheus was down: answers with a decision (the last
 * good one) and UNAVAILABLE answers, the lowest decision served, scale-downs, and how soon fresh
 * decisions came back. Pure.
 */
public record OutageSummary(
    OutageResult outage,
    long decisions,
    long unavailable,
    double lowestDecision,
    long inactive,
    long scaleDowns) {

  public static Optional<OutageSummary> of(RunResult run) {
    if (run.outage().isEmpty()) {
      return Optional.empty();
    }
    OutageResult outage = run.outage().get();
    long decisions = 0;
    long unavailable = 0;
    long inactive = 0;
    double lowest = Double.POSITIVE_INFINITY;
    for (Answer answer : run.answers()) {
      if (!during(outage, answer.t())) {
        continue;
      }
      if (!answer.ok()) {
        unavailable += answer.error().equals("UNAVAILABLE") ? 1 : 0;
      } else if (answer.method().equals("GetMetrics")) {
        decisions++;
        lowest = Math.min(lowest, answer.value().getAsDouble());
      } else if (answer.value().getAsDouble() == 0) {
        inactive++;
      }
    }
    long scaleDowns =
        run.scenario().components().stream()
            .mapToLong(c -> scaleDowns(run, outage, ClosedLoop.LKSCALER, c))
            .sum();
    return Optional.of(
        new OutageSummary(outage, decisions, unavailable, lowest, inactive, scaleDowns));
  }

  /** Times one fleet's component was scaled down while Prometheus was down. */
  public static long scaleDowns(
      RunResult run, OutageResult outage, String fleet, Component component) {
    return run.actions(fleet, component).stream()
        .filter(a -> a.to() < a.from() && during(outage, a.t()))
        .count();
  }

  /**
   * lkscaler's answers of 0 for a component while Prometheus was down: a GetMetrics of 0 or an
   * IsActive false, each of which lets KEDA or the HPA scale it down.
   */
  public static long zeroAnswers(RunResult run, OutageResult outage, Component component) {
    return run.answers().stream()
        .filter(a -> a.component() == component && a.ok() && during(outage, a.t()))
        .filter(a -> a.value().getAsDouble() == 0)
        .count();
  }

  private static boolean during(OutageResult outage, double t) {
    return t >= outage.stoppedAt() && t <= outage.readyAt();
  }

  /** One paragraph for the terminal and the report. */
  public String describe() {
    String resumed =
        outage.resumedAfterMillis().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey().id() + " " + e.getValue() + " ms")
            .collect(Collectors.joining(", "));
    return String.format(
        Locale.ROOT,
        "Prometheus was down from %.0f s to %.0f s. lkscaler answered %d calls with a decision (its last good one;"
            + " lowest %s), then %d with UNAVAILABLE; %d inactive answers; %d scale-downs. Fresh decisions came back"
            + " %s (real time) after Prometheus was ready again.",
        outage.stoppedAt(),
        outage.readyAt(),
        decisions,
        Double.isInfinite(lowestDecision)
            ? "-"
            : String.format(Locale.ROOT, "%.0f", lowestDecision),
        unavailable,
        inactive,
        scaleDowns,
        resumed.isEmpty() ? "(not within 10 s)" : resumed);
  }
}
