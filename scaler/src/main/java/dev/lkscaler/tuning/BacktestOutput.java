package dev.lkscaler.tuning;

import dev.lkscaler.scaling.DecisionBoard;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A backtest's figures as a table for people and as JSON for tools (schema in docs/tuning.md). */
public final class BacktestOutput {
  public static final int SCHEMA = 1;

  private BacktestOutput() {}

  /** One column of the table: a policy's replay, or what really ran. */
  public record Column(String label, Backtest.Run run) {}

  /** What was replayed, for the heading. */
  public record Heading(String policy, String namespace, String name, RangeFetcher.Window window) {}

  public static String text(Heading heading, List<Column> columns) {
    StringBuilder out = new StringBuilder();
    RangeFetcher.Window w = heading.window();
    out.append(
        String.format(
            Locale.ROOT,
            "backtest of policy %s for %s/%s from %s to %s every %s (%d steps)%n%n",
            heading.policy(),
            heading.namespace(),
            heading.name(),
            w.from(),
            w.to(),
            dev.lkscaler.policy.Durations.format(w.step()),
            w.steps()));
    List<String> header = new ArrayList<>(List.of(""));
    columns.forEach(c -> header.add(c.label()));
    boolean compare = columns.size() >= 2;
    if (compare) {
      header.add("difference");
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    rows.add(row("pod-hours", columns, s -> s.podHours(), compare, 2));
    rows.add(row("peak replicas", columns, s -> s.peakReplicas(), compare, 0));
    rows.add(row("minutes overloaded", columns, s -> s.overloadedMinutes(), compare, 1));
    rows.add(row("minutes short of spare pods", columns, s -> s.shortSpareMinutes(), compare, 1));
    rows.add(row("scale events", columns, s -> s.scaleEvents(), compare, 0));
    rows.add(row("minutes without data", columns, s -> s.noDataMinutes(), compare, 1));
    int[] widths = new int[header.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        line.append(i == 0 ? pad(cell, widths[i]) : "  " + padLeft(cell, widths[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    for (Column column : columns) {
      if (!column.run().gaps().isEmpty()) {
        out.append('\n').append("gaps in the data (").append(column.label()).append("):\n");
        for (Backtest.Gap gap : column.run().gaps()) {
          out.append(
              String.format(
                  Locale.ROOT,
                  "  %s to %s (%d steps): %s%n",
                  gap.from(),
                  gap.to(),
                  gap.steps(),
                  gap.cause()));
        }
      }
    }
    return out.toString();
  }

  private interface Figure {
    double of(Backtest.Summary summary);
  }

  private static List<String> row(
      String name, List<Column> columns, Figure figure, boolean compare, int decimals) {
    List<String> row = new ArrayList<>(List.of(name));
    for (Column column : columns) {
      row.add(number(figure.of(column.run().summary()), decimals));
    }
    if (compare) {
      double difference =
          figure.of(columns.get(1).run().summary()) - figure.of(columns.get(0).run().summary());
      row.add((difference > 0 ? "+" : "") + number(difference, decimals));
    }
    return row;
  }

  private static String number(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }

  private static String padLeft(String text, int width) {
    return " ".repeat(width - text.length()) + text;
  }

  public static String json(Heading heading, List<Column> columns, ObjectMapper mapper) {
    ObjectNode root = mapper.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("policy", heading.policy());
    root.put("namespace", heading.namespace());
    root.put("scaledObject", heading.name());
    root.put("from", heading.window().from().toString());
    root.put("to", heading.window().to().toString());
    root.put("stepSeconds", heading.window().step().toMillis() / 1000.0);
    ArrayNode all = root.putArray("columns");
    for (Column column : columns) {
      ObjectNode node = all.addObject();
      node.put("label", column.label());
      Backtest.Summary s = column.run().summary();
      ObjectNode summary = node.putObject("summary");
      summary.put("podHours", s.podHours());
      summary.put("peakReplicas", s.peakReplicas());
      summary.put("overloadedMinutes", s.overloadedMinutes());
      summary.put("shortSpareMinutes", s.shortSpareMinutes());
      summary.put("scaleEvents", s.scaleEvents());
      summary.put("noDataMinutes", s.noDataMinutes());
      ArrayNode gaps = node.putArray("gaps");
      for (Backtest.Gap gap : column.run().gaps()) {
        ObjectNode g = gaps.addObject();
        g.put("from", gap.from().toString());
        g.put("to", gap.to().toString());
        g.put("steps", gap.steps());
        g.put("cause", gap.cause());
      }
      ArrayNode steps = node.putArray("steps");
      for (Backtest.Step step : column.run().steps()) {
        ObjectNode one = steps.addObject();
        one.put("at", step.at().toString());
        if (step.targetReplicas().isPresent()) {
          one.put("targetReplicas", step.targetReplicas().getAsInt());
        } else {
          one.putNull("targetReplicas");
        }
        Optional<dev.lkscaler.decision.Decision> decision = step.outcome().answer();
        if (decision.isPresent()) {
          one.put("desiredReplicas", decision.get().desiredReplicas());
          one.put("reason", decision.get().reason());
        } else {
          one.putNull("desiredReplicas");
          one.put("reason", step.outcome().missingData().orElseThrow());
        }
        one.put("source", DecisionBoard.Source.of(step.outcome()).label());
        one.put("replicas", step.replicas());
      }
    }
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }
}
