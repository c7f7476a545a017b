package dev.lkscaler.sim.report;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.fleet.Counters;
import dev.lkscaler.sim.loop.ClosedLoop;
import dev.lkscaler.sim.loop.RunResult;
import dev.lkscaler.sim.loop.Sample;
import dev.lkscaler.sim.scenario.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The side-by-side outcome of a run: per component, lkscaler against the CPU-HPA baseline and the
 * oracle. Pure.
 */
public record Summary(List<ComponentSummary> rows) {
  public static final List<String> FLEETS =
      List.of(ClosedLoop.LKSCALER, ClosedLoop.BASELINE, ClosedLoop.ORACLE);

  public Summary {
    rows = List.copyOf(rows);
  }

  public static Summary of(RunResult run) {
    List<ComponentSummary> rows = new ArrayList<>();
    for (Workload workload : run.scenario().workloads()) {
      Component component = workload.component();
      int peakNeed = run.counters(ClosedLoop.ORACLE, component).peakPods();
      for (String fleet : FLEETS) {
        Counters counters = run.counters(fleet, component);
        rows.add(
            new ComponentSummary(
                fleet,
                component,
                counters.offered(),
                counters.rejected(),
                counters.podSeconds(),
                counters.peakPods(),
                timeToCapacity(run.samples(fleet, component), workload, peakNeed),
                counters.lost(),
                counters.drainsStarted(),
                counters.longestDrain(),
                counters.participantSeconds(),
                counters.overloadedParticipantSeconds()));
      }
    }
    return new Summary(rows);
  }

  public Optional<ComponentSummary> row(String fleet, Component component) {
    return rows.stream()
        .filter(r -> r.fleet().equals(fleet) && r.component() == component)
        .findFirst();
  }

  /**
   * One line of the summary table, for the terminal and the report.
   *
   * @param component the component's id on its block's first line, else empty
   * @param cells one per fleet, in the order of {@link #FLEETS}
   */
  public record TableRow(String component, String label, List<String> cells) {
    public TableRow {
      cells = List.copyOf(cells);
    }
  }

  /** The summary table: per component, a block of lines with a cell per fleet. */
  public List<TableRow> table(List<Component> components) {
    List<TableRow> table = new ArrayList<>();
    for (Component component : components) {
      List<ComponentSummary> fleets = new ArrayList<>();
      for (String fleet : FLEETS) {
        row(fleet, component).ifPresent(fleets::add);
      }
      if (fleets.size() != FLEETS.size()) {
        continue;
      }
      Map<String, Function<ComponentSummary, String>> lines = new LinkedHashMap<>();
      lines.put(component.workNoun() + " offered", r -> Long.toString(r.offered()));
      lines.put(
          "rejected",
          r -> String.format(Locale.ROOT, "%d (%.1f %%)", r.rejected(), 100 * r.rejectedShare()));
      lines.put("pod-seconds", r -> String.format(Locale.ROOT, "%.0f", r.podSeconds()));
      lines.put(
          "pod-seconds vs oracle",
          r -> Text.ratio(podSecondsRatio(r.fleet(), ClosedLoop.ORACLE, component)));
      if (component == Component.SFU) {
        lines.put(
            "participant-seconds", r -> String.format(Locale.ROOT, "%.0f", r.participantSeconds()));
        lines.put(Text.overloadedLabel(), ComponentSummary::overloadedText);
      }
      lines.put("peak pods", r -> Integer.toString(r.peakPods()));
      lines.put("s from rise to capacity", ComponentSummary::timeToCapacityText);
      lines.put("lost to drains", r -> Long.toString(r.lost()));
      String first = component.id();
      for (Map.Entry<String, Function<ComponentSummary, String>> line : lines.entrySet()) {
        table.add(
            new TableRow(first, line.getKey(), fleets.stream().map(line.getValue()).toList()));
        first = "";
      }
    }
    return table;
  }

  /** One fleet's pod-seconds over another's; empty when the other's are 0. */
  public OptionalDouble podSecondsRatio(String fleet, String over, Component component) {
    double numerator = row(fleet, component).orElseThrow().podSeconds();
    double denominator = row(over, component).orElseThrow().podSeconds();
    return denominator > 0 ? OptionalDouble.of(numerator / denominator) : OptionalDouble.empty();
  }

  /**
   * Seconds from the start of the load's rise to the first sample whose ready pods reach the
   * oracle's peak: enough to carry the run's peak offered load at the out-of-service point.
   *
   * @param peakNeed the oracle's peak pods
   */
  static OptionalDouble timeToCapacity(List<Sample> samples, Workload workload, int peakNeed) {
    Optional<Double> rise = workload.rate().riseStart();
    if (rise.isEmpty() || peakNeed <= 0) {
      return OptionalDouble.empty();
    }
    for (Sample sample : samples) {
      if (sample.t() >= rise.get() && sample.ready() >= peakNeed) {
        return OptionalDouble.of(sample.t() - rise.get());
      }
    }
    return OptionalDouble.of(Double.POSITIVE_INFINITY);
  }
}
