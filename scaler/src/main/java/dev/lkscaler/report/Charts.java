package dev.lkscaler.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Line charts for self-contained HTML reports, drawn by uPlot (inlined from its webjar, so a report
 * is one file that opens without a network): zoom by dragging, values on hover. The backtest's
 * report and the simulator's both use it.
 */
public final class Charts {
  /** uPlot's webjar, as the Maven dependency names it. */
  private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** A line; {@code dashed} for references such as the pods the load needs. */
  public record Line(String name, String color, boolean dashed, List<double[]> points) {}

  /** A horizontal threshold such as the 0.7 out-of-service point. */
  public record Threshold(String name, double y, String color) {}

  /** A shaded span of x such as a Prometheus outage or a gap in the data. */
  public record Span(String name, double from, double to) {}

  private Charts() {}

  /** The style and scripts every page with charts needs once, in its head. */
  public static String head() {
    return "<style>\n"
        + resource(UPLOT + "uPlot.min.css")
        + "\n.lk-chart { margin: 0.5em 0 1.5em; }\n</style>\n<script>\n"
        + resource(UPLOT + "uPlot.iife.min.js")
        + "\n</script>\n<script>\n"
        + resource("/dev/lkscaler/report/charts.js")
        + "\n</script>\n";
  }

  /**
   * One chart: its container and the script that draws it.
   *
   * @param time whether x is Unix seconds (a clock axis) rather than seconds from a start
   * @param integers the values are counts: the axis ends on a whole number
   * @param lines each with its own points, (x, y); NaN leaves a gap
   */
  public static String chart(
      String title,
      String yLabel,
      boolean time,
      boolean integers,
      List<Line> lines,
      List<Threshold> thresholds,
      List<Span> spans) {
    TreeSet<Double> xs = new TreeSet<>();
    List<Map<Double, Double>> byLine = new ArrayList<>();
    for (Line line : lines) {
      Map<Double, Double> values = new TreeMap<>();
      for (double[] p : line.points()) {
        xs.add(p[0]);
        values.put(p[0], p[1]);
      }
      byLine.add(values);
    }
    ObjectNode c = JSON.createObjectNode();
    c.put("title", title);
    c.put("yLabel", yLabel);
    c.put("time", time);
    c.put("integers", integers);
    ArrayNode x = c.putArray("x");
    xs.forEach(x::add);
    ArrayNode series = c.putArray("series");
    ArrayNode data = c.putArray("data");
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      ObjectNode s = series.addObject();
      s.put("name", line.name());
      s.put("color", line.color());
      s.put("dashed", line.dashed());
      Map<Double, Double> values = byLine.get(i);
      ArrayNode column = data.addArray();
      boolean gaps = false;
      for (double at : xs) {
        Double y = values.get(at);
        if (y == null) {
          column.addNull();
        } else if (Double.isNaN(y)) {
          column.addNull();
          gaps = true;
        } else {
          column.add(y);
        }
      }
      // lines sampled at other times than the rest are joined; NaN is a real gap
      s.put("spanGaps", !gaps);
    }
    ArrayNode marks = c.putArray("thresholds");
    for (Threshold threshold : thresholds) {
      marks
          .addObject()
          .put("name", threshold.name())
          .put("y", threshold.y())
          .put("color", threshold.color());
    }
    ArrayNode shaded = c.putArray("spans");
    for (Span span : spans) {
      shaded.addObject().put("name", span.name()).put("from", span.from()).put("to", span.to());
    }
    // "</" cannot end the script early: JSON may carry any text in names
    String json = JSON.writeValueAsString(c).replace("</", "<\\/");
    return "<div class=\"lk-chart\" role=\"img\" aria-label=\""
        + escape(title)
        + "\"></div>\n<script>lkChart(document.currentScript.previousElementSibling, "
        + json
        + ");</script>\n";
  }

  /** Text for HTML. */
  public static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String resource(String name) {
    try (InputStream in = Charts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
