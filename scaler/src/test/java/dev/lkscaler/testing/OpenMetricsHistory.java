package dev.lkscaler.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A deterministic history of gauges in OpenMetrics text, for {@link RealPrometheus#withHistory}:
 * each series sampled every step from a start to an end, its value a function of the time.
 */
public final class OpenMetricsHistory {
  // metric name -> its lines, families kept together as promtool requires
  private final Map<String, StringBuilder> families = new LinkedHashMap<>();

  /**
   * Adds one series; a value function that gives null leaves a gap at that time.
   *
   * @param to exclusive
   */
  public OpenMetricsHistory gauge(
      String metric,
      Map<String, String> labels,
      Instant from,
      Instant to,
      Duration step,
      Function<Instant, Double> value) {
    StringBuilder lines =
        families.computeIfAbsent(metric, name -> new StringBuilder("# TYPE " + name + " gauge\n"));
    String labelText = "{" + Exposition.labels(new TreeMap<>(labels)) + "}";
    for (Instant t = from; t.isBefore(to); t = t.plus(step)) {
      Double v = value.apply(t);
      if (v != null) {
        lines
            .append(metric)
            .append(labelText)
            .append(' ')
            .append(Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%s", v))
            .append(' ')
            .append(t.getEpochSecond())
            .append('\n');
      }
    }
    return this;
  }

  public String text() {
    StringBuilder out = new StringBuilder();
    families.values().forEach(out::append);
    return out.append("# EOF\n").toString();
  }
}
