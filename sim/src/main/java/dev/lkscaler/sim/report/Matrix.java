package dev.lkscaler.sim.report;

import dev.lkscaler.sim.loop.ClosedLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The table of a matrix of runs (scenarios × seeds): one row per run and component, from each run's
 * summary.json figures; written as matrix.txt and matrix.json. The schema is documented in
 * docs/sim.md. Pure but for Jackson.
 *
 * @param schema the schema's version, {@link #SCHEMA}
 * @param failed the runs that ended with an error, in the order they ran
 */
public record Matrix(int schema, List<Row> rows, List<Failure> failed) {
  public static final int SCHEMA = 1;

  /**
   * One component of one run.
   *
   * @param completed false when the run was stopped before its end (its figures are partial)
   * @param rejectedLkscaler rejected over offered, lkscaler's fleet
   * @param rejectedCpuHpa rejected over offered, the CPU HPA's fleet
   * @param lkscalerVsCpuHpa pod-seconds, lkscaler's over the CPU HPA's
   * @param lkscalerVsOracle pod-seconds, lkscaler's over the oracle's
   * @param cpuHpaVsOracle pod-seconds, the CPU HPA's over the oracle's
   * @param outageScaleDowns lkscaler's scale-downs while Prometheus was down; null without an
   *     outage
   * @param outageZeroAnswers lkscaler's answers of 0 while Prometheus was down; null without one
   */
  public record Row(
      String scenario,
      long seed,
      boolean completed,
      String component,
      double rejectedLkscaler,
      double rejectedCpuHpa,
      OptionalDouble lkscalerVsCpuHpa,
      OptionalDouble lkscalerVsOracle,
      OptionalDouble cpuHpaVsOracle,
      OptionalLong outageScaleDowns,
      OptionalLong outageZeroAnswers) {}

  /** A run that ended with an error instead of figures. */
  public record Failure(String scenario, long seed, String error) {}

  public Matrix {
    rows = List.copyOf(rows);
    failed = List.copyOf(failed);
  }

  public static Matrix of(List<SummaryJson> runs, List<Failure> failed) {
    List<Row> rows = new ArrayList<>();
    for (SummaryJson run : runs) {
      for (String component : run.fleets().get(ClosedLoop.LKSCALER).keySet()) {
        SummaryJson.Figures lk = run.figures(ClosedLoop.LKSCALER, component);
        SummaryJson.Figures hpa = run.figures(ClosedLoop.BASELINE, component);
        rows.add(
            new Row(
                run.scenario(),
                run.seed(),
                run.completed(),
                component,
                lk.rejectedShare(),
                hpa.rejectedShare(),
                hpa.podSeconds() > 0
                    ? OptionalDouble.of(lk.podSeconds() / hpa.podSeconds())
                    : OptionalDouble.empty(),
                lk.podSecondsVsOracle(),
                hpa.podSecondsVsOracle(),
                lk.duringOutage()
                    .map(SummaryJson.DuringOutage::scaleDowns)
                    .orElse(OptionalLong.empty()),
                lk.duringOutage()
                    .map(SummaryJson.DuringOutage::zeroAnswers)
                    .orElse(OptionalLong.empty())));
      }
    }
    return new Matrix(SCHEMA, rows, failed);
  }

  private static final String FORMAT = "%-18s %5s  %-9s %9s %9s %8s %10s %11s %12s%n";

  /** The table for the terminal and matrix.txt, with a legend and the failed runs below it. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            FORMAT,
            "scenario",
            "seed",
            "component",
            "rej lk",
            "rej hpa",
            "lk/hpa",
            "lk/oracle",
            "hpa/oracle",
            "outage d/0"));
    boolean partial = false;
    for (Row row : rows) {
      partial |= !row.completed();
      out.append(
          String.format(
              Locale.ROOT,
              FORMAT,
              row.scenario(),
              row.seed() + (row.completed() ? "" : "*"),
              row.component(),
              percent(row.rejectedLkscaler()),
              percent(row.rejectedCpuHpa()),
              Text.ratio(row.lkscalerVsCpuHpa()),
              Text.ratio(row.lkscalerVsOracle()),
              Text.ratio(row.cpuHpaVsOracle()),
              row.outageScaleDowns().isPresent() && row.outageZeroAnswers().isPresent()
                  ? row.outageScaleDowns().getAsLong() + "/" + row.outageZeroAnswers().getAsLong()
                  : "-"));
    }
    out.append(
        "rej: rejected share of the work offered (lk: lkscaler, hpa: the CPU HPA); lk/hpa,"
            + " lk/oracle, hpa/oracle: pod-seconds over pod-seconds; outage d/0: lkscaler's"
            + " scale-downs / answers of 0 while Prometheus was down (- without an outage).\n");
    if (partial) {
      out.append("*: stopped before its end; the figures are partial.\n");
    }
    for (Failure failure : failed) {
      out.append(
          String.format(
              Locale.ROOT,
              "failed: %s seed %d: %s%n",
              failure.scenario(),
              failure.seed(),
              failure.error()));
    }
    return out.toString();
  }

  public String render() {
    return SummaryJson.mapper().writeValueAsString(this) + "\n";
  }

  public static Matrix read(String json) {
    return SummaryJson.mapper().readValue(json, Matrix.class);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * share);
  }
}
