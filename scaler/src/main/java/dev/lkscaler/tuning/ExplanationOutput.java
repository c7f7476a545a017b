package dev.lkscaler.tuning;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.decision.Outcome;
import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.decision.SignalOutcome;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An explanation as text for people and as JSON for tools. The JSON schema is documented in
 * docs/tuning.md; fields are only ever added.
 */
public final class ExplanationOutput {
  /** The version of the JSON schema; raised only by a change that is not an addition. */
  public static final int SCHEMA = 1;

  private ExplanationOutput() {}

  public static String text(Explanation e) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%s/%s under policy %s at %s%n",
            e.namespace(),
            e.name(),
            e.policy(),
            e.at()));
    String signal = null;
    for (Explanation.Query query : e.queries()) {
      if (!query.signal().equals(signal)) {
        signal = query.signal();
        out.append(System.lineSeparator()).append("signal ").append(signal).append('\n');
        appendMeasured(out, e, signal);
      }
      out.append("  ").append(query.part()).append(": ").append(query.query()).append('\n');
      out.append("    ").append(describe(query)).append('\n');
      for (Explanation.Series series : query.top()) {
        out.append(
            String.format(
                Locale.ROOT,
                "      %-12s %s%n",
                number(series.value()),
                series.labels().isEmpty() ? "(no labels kept)" : series.labels()));
      }
      if (query.series() > query.top().size()) {
        out.append(
            String.format(
                Locale.ROOT, "      ... %d more series%n", query.series() - query.top().size()));
      }
    }
    out.append('\n');
    if (e.decision().isPresent()) {
      Decision decision = e.decision().get();
      out.append(
          String.format(
              Locale.ROOT,
              "decision: %d replicas, %s%s%n",
              decision.desiredReplicas(),
              decision.active() ? "active" : "inactive",
              e.winningSignal().map(w -> ", from signal " + w).orElse("")));
      e.clamping().ifPresent(c -> out.append("clamped: ").append(c).append('\n'));
      out.append("reason: ").append(decision.reason()).append('\n');
    } else {
      out.append("no decision: ").append(e.cause().orElseThrow()).append('\n');
    }
    return out.toString();
  }

  private static void appendMeasured(StringBuilder out, Explanation e, String signal) {
    if (e.decision().isEmpty()) {
      return;
    }
    for (SignalOutcome.Measured measured : e.decision().get().signals()) {
      if (measured.signal().equals(signal)) {
        out.append("  asks for ")
            .append(measured.desired())
            .append(" (the load alone: ")
            .append(measured.needed())
            .append("): ")
            .append(measured.reason())
            .append('\n');
      }
    }
  }

  private static String describe(Explanation.Query query) {
    QueryResult result = query.result();
    if (result instanceof QueryResult.Failure failure) {
      return "failed (" + failure.cause().label() + "): " + failure.detail();
    }
    if (result instanceof QueryResult.Scalar scalar) {
      return "scalar " + number(scalar.value());
    }
    return String.format(
        Locale.ROOT,
        "%d series, total %s%s",
        query.series(),
        number(query.total()),
        query.dropped() > 0 ? ", " + query.dropped() + " NaN/Inf dropped" : "");
  }

  private static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    String text = String.format(Locale.ROOT, "%.6f", value).replaceAll("0+$", "");
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }

  public static String json(Explanation e, ObjectMapper mapper) {
    ObjectNode root = mapper.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("namespace", e.namespace());
    root.put("scaledObject", e.name());
    root.put("policy", e.policy());
    root.put("at", e.at().toString());
    root.put("decided", e.decision().isPresent());
    Decision decision = e.decision().orElse(null);
    if (decision != null) {
      root.put("desiredReplicas", decision.desiredReplicas());
      root.put("unclampedDesired", decision.unclampedDesired());
      root.put("active", decision.active());
      root.put("reason", decision.reason());
    } else {
      root.putNull("desiredReplicas");
      root.putNull("unclampedDesired");
      root.putNull("active");
      root.putNull("reason");
    }
    root.put("minReplicas", e.minReplicas());
    root.put("maxReplicas", e.maxReplicas());
    putOptional(root, "clamping", e.clamping().orElse(null));
    putOptional(root, "winningSignal", e.winningSignal().orElse(null));
    putOptional(root, "cause", e.cause().orElse(null));
    ArrayNode signals = root.putArray("signals");
    if (decision != null) {
      // the record's own components, in order: the same fields as /decisions
      for (SignalOutcome.Measured measured : decision.signals()) {
        signals.add(mapper.<JsonNode>valueToTree(measured));
      }
    }
    ArrayNode queries = root.putArray("queries");
    for (Explanation.Query query : e.queries()) {
      ObjectNode one = queries.addObject();
      one.put("signal", query.signal());
      one.put("part", query.part());
      one.put("query", query.query());
      QueryResult result = query.result();
      if (result instanceof QueryResult.Failure failure) {
        one.put("result", "failure");
        one.put("failure", failure.cause().label());
        one.put("detail", failure.detail());
      } else if (result instanceof QueryResult.Scalar scalar) {
        one.put("result", "scalar");
        putNumber(one, "value", scalar.value());
      } else {
        one.put("result", "vector");
        one.put("series", query.series());
        one.put("dropped", query.dropped());
        one.put("total", query.total());
        ArrayNode top = one.putArray("top");
        for (Explanation.Series series : query.top()) {
          ObjectNode entry = top.addObject();
          entry.put("labels", series.labels());
          putNumber(entry, "value", series.value());
        }
      }
    }
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  private static void putOptional(ObjectNode node, String field, String value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }

  /** JSON has no NaN or infinity: those values are written as Prometheus writes them, as text. */
  private static void putNumber(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.put(field, Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf");
    }
  }

  /** The exit code of explain: 0 with a decision, 3 without (no data). */
  public static int exitCode(Explanation e) {
    return e.outcome() instanceof Outcome.Unavailable ? 3 : 0;
  }
}
