package dev.lkscaler.tuning;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.decision.SignalOutcome;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.Problem;
import dev.lkscaler.policy.Signal;
import dev.lkscaler.report.Charts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The backtest as one self-contained HTML file: the figures, the gaps, each signal's load against
 * its thresholds, and the replica curves of each policy and of what really ran.
 */
public final class BacktestReport {
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#555555", "#9467bd"};

  private BacktestReport() {}

  public static String render(
      BacktestOutput.Heading heading, List<BacktestOutput.Column> columns, Policy policy) {
    StringBuilder html = new StringBuilder();
    String title =
        "lkscaler backtest: "
            + heading.policy()
            + " for "
            + heading.namespace()
            + "/"
            + heading.name();
    html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(Charts.escape(title))
        .append("</title>\n")
        .append(
            "<style>body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d2330; }"
                + " table { border-collapse: collapse; } th, td { padding: .3em .7em;"
                + " border-bottom: 1px solid #e2e5ea; text-align: right; } th:first-child,"
                + " td:first-child { text-align: left; }</style>\n")
        .append(Charts.head())
        .append("</head><body>\n<h1>")
        .append(Charts.escape(title))
        .append("</h1>\n<p>")
        .append(
            Charts.escape(
                String.format(
                    Locale.ROOT,
                    "From %s to %s every %s (%d steps).",
                    heading.window().from(),
                    heading.window().to(),
                    dev.lkscaler.policy.Durations.format(heading.window().step()),
                    heading.window().steps())))
        .append("</p>\n");
    table(html, columns);
    gaps(html, columns);
    List<Charts.Span> spans = new ArrayList<>();
    for (Backtest.Gap gap : columns.get(0).run().gaps()) {
      spans.add(new Charts.Span("no data", seconds(gap.from()), seconds(gap.to())));
    }
    for (Signal signal : policy.signals()) {
      html.append(signalChart(signal, columns, spans));
    }
    List<Charts.Line> replicas = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      BacktestOutput.Column column = columns.get(i);
      List<double[]> points = new ArrayList<>();
      for (Backtest.Step step : column.run().steps()) {
        points.add(new double[] {seconds(step.at()), step.replicas()});
      }
      replicas.add(
          new Charts.Line(column.label() + " replicas", COLORS[i % COLORS.length], false, points));
    }
    List<double[]> desired = new ArrayList<>();
    for (Backtest.Step step : columns.get(0).run().steps()) {
      desired.add(
          new double[] {
            seconds(step.at()),
            step.outcome()
                .answer()
                .map(Decision::desiredReplicas)
                .map(d -> (double) d)
                .orElse(Double.NaN)
          });
    }
    replicas.add(new Charts.Line(columns.get(0).label() + " desired", COLORS[0], true, desired));
    html.append(
        Charts.chart(
            "Replicas: the HPA's, replayed, and the decisions",
            "pods",
            true,
            true,
            replicas,
            List.of(),
            spans));
    html.append("</body></html>\n");
    return html.toString();
  }

  private static void table(StringBuilder html, List<BacktestOutput.Column> columns) {
    html.append("<table id=\"summary\"><tr><th></th>");
    columns.forEach(c -> html.append("<th>").append(Charts.escape(c.label())).append("</th>"));
    html.append("</tr>\n");
    row(html, "pod-hours", columns, s -> String.format(Locale.ROOT, "%.2f", s.podHours()));
    row(html, "peak replicas", columns, s -> String.valueOf(s.peakReplicas()));
    row(html, "minutes overloaded", columns, s -> minutes(s.overloadedMinutes()));
    row(html, "minutes short of spare pods", columns, s -> minutes(s.shortSpareMinutes()));
    row(html, "scale events", columns, s -> String.valueOf(s.scaleEvents()));
    row(html, "minutes without data", columns, s -> minutes(s.noDataMinutes()));
    html.append("</table>\n");
  }

  private interface Cell {
    String of(Backtest.Summary summary);
  }

  private static void row(
      StringBuilder html, String name, List<BacktestOutput.Column> columns, Cell cell) {
    html.append("<tr><td>").append(name).append("</td>");
    columns.forEach(c -> html.append("<td>").append(cell.of(c.run().summary())).append("</td>"));
    html.append("</tr>\n");
  }

  private static String minutes(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static void gaps(StringBuilder html, List<BacktestOutput.Column> columns) {
    List<Backtest.Gap> gaps = columns.get(0).run().gaps();
    if (gaps.isEmpty()) {
      html.append("<p>No gaps in the data.</p>\n");
      return;
    }
    html.append("<h2>Gaps in the data</h2>\n<ul id=\"gaps\">\n");
    for (Backtest.Gap gap : gaps) {
      html.append("<li>")
          .append(
              Charts.escape(
                  gap.from() + " to " + gap.to() + " (" + gap.steps() + " steps): " + gap.cause()))
          .append("</li>\n");
    }
    html.append("</ul>\n");
  }

  /** One signal's load per replayed pod (or idle pods) against its thresholds, per policy. */
  private static String signalChart(
      Signal signal, List<BacktestOutput.Column> columns, List<Charts.Span> spans) {
    List<Charts.Line> lines = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      List<double[]> points = new ArrayList<>();
      for (Backtest.Step step : columns.get(i).run().steps()) {
        Optional<SignalOutcome.Measured> measured =
            step.outcome()
                .answer()
                .flatMap(
                    d ->
                        d.signals().stream()
                            .filter(m -> m.signal().equals(signal.name()))
                            .findFirst());
        double y = measured.map(m -> perPod(signal, m.input(), step.replicas())).orElse(Double.NaN);
        points.add(new double[] {seconds(step.at()), y});
      }
      lines.add(new Charts.Line(columns.get(i).label(), COLORS[i % COLORS.length], false, points));
    }
    if (signal instanceof Signal.Utilization u) {
      return Charts.chart(
          signal.name() + ": load per pod",
          "load",
          true,
          false,
          lines,
          List.of(
              new Charts.Threshold(
                  "scales at " + Problem.number(u.scaleUpAt()), u.scaleUpAt(), "#2ca02c"),
              new Charts.Threshold(
                  "out of service at " + Problem.number(u.outOfServiceAt()),
                  u.outOfServiceAt(),
                  "#d62728")),
          spans);
    }
    if (signal instanceof Signal.Capacity c) {
      return Charts.chart(
          signal.name() + ": share of the pods' capacity",
          "share",
          true,
          false,
          lines,
          List.of(
              new Charts.Threshold(
                  "fills to " + Problem.number(c.targetUtilization()),
                  c.targetUtilization(),
                  "#2ca02c"),
              new Charts.Threshold("full", 1.0, "#d62728")),
          spans);
    }
    Signal.Headroom h = (Signal.Headroom) signal;
    return Charts.chart(
        signal.name() + ": idle pods",
        "pods",
        true,
        true,
        lines,
        List.of(new Charts.Threshold("keeps " + h.minIdle() + " idle", h.minIdle(), "#2ca02c")),
        spans);
  }

  private static double perPod(Signal signal, double input, int replicas) {
    if (signal instanceof Signal.Headroom) {
      return Math.max(0, replicas - input);
    }
    if (replicas == 0) {
      return Double.NaN;
    }
    if (signal instanceof Signal.Capacity c) {
      return input / (replicas * c.capacityPerReplica());
    }
    return input / replicas;
  }

  private static double seconds(java.time.Instant at) {
    return at.toEpochMilli() / 1000.0;
  }
}
