package dev.lkscaler.sim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small line chart in SVG: time on x, lines, horizontal thresholds and shaded spans. Pure. */
public final class Svg {
  /** A line; {@code dashed} for references such as the pods the load needs. */
  public record Line(String name, String color, boolean dashed, List<double[]> points) {}

  /** A horizontal threshold such as the 0.7 out-of-service point. */
  public record Threshold(String name, double y, String color) {}

  /** A shaded span of time such as a Prometheus outage. */
  public record Span(String name, double from, double to) {}

  private static final int WIDTH = 900;
  private static final int HEIGHT = 280;
  private static final int LEFT = 56;
  private static final int RIGHT = 16;
  private static final int TOP = 48;
  private static final int BOTTOM = 40;
  private static final int MAX_POINTS = 450;

  private Svg() {}

  /**
   * @param integers the values are counts: grid lines fall on whole numbers
   */
  public static String chart(
      String title,
      String yLabel,
      boolean integers,
      double xMax,
      List<Line> lines,
      List<Threshold> thresholds,
      List<Span> spans) {
    double yMax = 0;
    for (Line line : lines) {
      for (double[] p : line.points()) {
        yMax = Math.max(yMax, p[1]);
      }
    }
    for (Threshold threshold : thresholds) {
      yMax = Math.max(yMax, threshold.y());
    }
    yMax = niceCeiling(yMax <= 0 ? 1 : yMax * 1.08);
    if (integers) {
      // whole grid steps for counts of pods or work
      yMax = Math.max(4, Math.ceil(yMax / 4) * 4);
    }
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    double scaleX = plotW / Math.max(1, xMax);
    double scaleY = plotH / yMax;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\""
                + " aria-label=\"%s\" font-family=\"sans-serif\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            escape(title)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
            LEFT,
            escape(title)));
    for (Span span : spans) {
      double x0 = LEFT + Math.max(0, span.from()) * scaleX;
      double x1 = LEFT + Math.min(xMax, span.to()) * scaleX;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"#f4cccc\" opacity=\"0.6\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#990000\">%s</text>%n",
              x0,
              TOP,
              Math.max(1, x1 - x0),
              plotH,
              x0 + 3,
              TOP + 12,
              escape(span.name())));
    }
    // axes and grid
    for (int i = 0; i <= 4; i++) {
      double v = yMax * i / 4;
      double y = TOP + plotH - v * scaleY;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>%n",
              LEFT,
              y,
              LEFT + plotW,
              y,
              LEFT - 6,
              y + 4,
              number(v)));
    }
    double step = niceStep(xMax / 8);
    for (double x = 0; x <= xMax + 1e-9; x += step) {
      double px = LEFT + x * scaleX;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#f0f0f0\"/>"
                  + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n",
              px,
              TOP,
              px,
              TOP + plotH,
              px,
              TOP + plotH + 15,
              number(x)));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">simulated seconds</text>%n",
            LEFT + plotW / 2,
            HEIGHT - 6));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"12\" y=\"%.1f\" font-size=\"11\" transform=\"rotate(-90 12 %.1f)\" text-anchor=\"middle\">%s</text>%n",
            TOP + plotH / 2,
            TOP + plotH / 2,
            escape(yLabel)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#999\"/>%n",
            LEFT,
            TOP,
            plotW,
            plotH));
    for (Threshold threshold : thresholds) {
      double y = TOP + plotH - threshold.y() * scaleY;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"2 3\"/>"
                  + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"%s\">%s</text>%n",
              LEFT,
              y,
              LEFT + plotW,
              y,
              threshold.color(),
              LEFT + plotW - 4,
              y - 3,
              threshold.color(),
              escape(threshold.name())));
    }
    // drawn last to first, so that the first line (lkscaler's) is on top where they overlap
    for (int i = lines.size() - 1; i >= 0; i--) {
      Line line = lines.get(i);
      List<double[]> points = thin(line.points());
      if (points.isEmpty()) {
        continue;
      }
      StringBuilder path = new StringBuilder();
      for (double[] p : points) {
        path.append(path.length() == 0 ? "M" : " L")
            .append(
                String.format(
                    Locale.ROOT, "%.1f %.1f", LEFT + p[0] * scaleX, TOP + plotH - p[1] * scaleY));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s/>%n",
              path,
              line.color(),
              line.dashed() ? "1.2" : "1.8",
              line.dashed() ? " stroke-dasharray=\"5 4\"" : ""));
    }
    // the legend, between the title and the plot
    double x = LEFT;
    for (Line line : lines) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>"
                  + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>%n",
              x,
              TOP - 14,
              x + 18,
              TOP - 14,
              line.color(),
              line.dashed() ? " stroke-dasharray=\"5 4\"" : "",
              x + 22,
              TOP - 10,
              escape(line.name())));
      x += 36 + 6.6 * line.name().length();
    }
    return svg.append("</svg>\n").toString();
  }

  /** At most MAX_POINTS points, keeping each bucket's extremes so that spikes stay visible. */
  static List<double[]> thin(List<double[]> points) {
    if (points.size() <= MAX_POINTS) {
      return points;
    }
    int buckets = MAX_POINTS / 2;
    double per = points.size() / (double) buckets;
    List<double[]> out = new ArrayList<>();
    for (int b = 0; b < buckets; b++) {
      int from = (int) (b * per);
      int to = Math.min(points.size(), (int) ((b + 1) * per));
      double[] lo = points.get(from);
      double[] hi = points.get(from);
      for (int i = from; i < to; i++) {
        if (points.get(i)[1] < lo[1]) {
          lo = points.get(i);
        }
        if (points.get(i)[1] > hi[1]) {
          hi = points.get(i);
        }
      }
      if (lo[0] <= hi[0]) {
        out.add(lo);
        if (hi != lo) {
          out.add(hi);
        }
      } else {
        out.add(hi);
        out.add(lo);
      }
    }
    return out;
  }

  static double niceCeiling(double value) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (m * magnitude >= value) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static double niceStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * magnitude >= raw) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String number(double value) {
    if (Math.abs(value - Math.rint(value)) < 1e-9) {
      return Long.toString(Math.round(value));
    }
    return String.format(Locale.ROOT, "%.2f", value).replaceAll("0+$", "");
  }

  public static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
