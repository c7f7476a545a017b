package dev.lkscaler.testing;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus text exposition format, both ways: writes gauge and counter families (the
 * simulated fleet, the LiveKit exporter) and reads samples back (lkscaler's and Prometheus' own
 * /metrics).
 */
public final class Exposition {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)})? (\\S+)$", Pattern.MULTILINE);

  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private Exposition() {}

  /** The label text of a series, {@code key="value"} in the map's order, without the braces. */
  public static String labels(Map<String, String> labels) {
    StringBuilder text = new StringBuilder();
    labels.forEach(
        (key, value) ->
            text.append(text.length() > 0 ? "," : "")
                .append(key)
                .append("=\"")
                .append(value)
                .append('"'));
    return text.toString();
  }

  /** The label text of key, value, key, value... in that order. */
  public static String labels(String... pairs) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      labels.put(pairs[i], pairs[i + 1]);
    }
    return labels(labels);
  }

  /**
   * Writes a gauge family: its HELP line (unless {@code help} is empty), its TYPE line and one line
   * per series (label text to value); nothing at all without series.
   */
  public static void gauge(
      StringBuilder out, String name, String help, Map<String, Double> series) {
    family(out, name, "gauge", help, series);
  }

  /** Writes a counter family, as {@link #gauge} does; the name keeps its {@code _total}. */
  public static void counter(
      StringBuilder out, String name, String help, Map<String, Double> series) {
    family(out, name, "counter", help, series);
  }

  private static void family(
      StringBuilder out, String name, String type, String help, Map<String, Double> series) {
    if (series.isEmpty()) {
      return;
    }
    if (!help.isEmpty()) {
      out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    }
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    series.forEach(
        (labels, value) ->
            out.append(name)
                .append(labels.isEmpty() ? "" : "{" + labels + "}")
                .append(' ')
                .append(format(value))
                .append('\n'));
  }

  /** Whole numbers without a fraction, others with six decimals; NaN and the infinities spelled. */
  public static String format(double value) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value)) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.6f", value);
  }

  /** Every sample, keyed by the series as written: name plus labels in braces. */
  public static Map<String, Double> samples(String text) {
    Map<String, Double> samples = new TreeMap<>();
    Matcher matcher = SAMPLE.matcher(text);
    while (matcher.find()) {
      String labels = matcher.group(2) == null ? "" : "{" + matcher.group(2) + "}";
      samples.put(matcher.group(1) + labels, Double.parseDouble(matcher.group(3)));
    }
    return samples;
  }

  /** The value of a series: name plus labels in alphabetical order, as client_java writes them. */
  public static double value(Map<String, Double> samples, String series) {
    Double value = samples.get(series);
    if (value == null) {
      throw new AssertionError("no series " + series + " in " + samples.keySet());
    }
    return value;
  }

  /**
   * The sum over the samples of {@code name} whose labels include the given key, value pairs; 0
   * when there are none (a labelled series appears with its first event).
   */
  public static double sum(String text, String name, String... labels) {
    double total = 0;
    Matcher matcher = SAMPLE.matcher(text);
    while (matcher.find()) {
      if (matcher.group(1).equals(name) && includes(matcher.group(2), labels)) {
        total += Double.parseDouble(matcher.group(3));
      }
    }
    return total;
  }

  private static boolean includes(String text, String... pairs) {
    Map<String, String> labels = new LinkedHashMap<>();
    Matcher matcher = LABEL.matcher(text == null ? "" : text);
    while (matcher.find()) {
      labels.put(matcher.group(1), matcher.group(2));
    }
    for (int i = 0; i < pairs.length; i += 2) {
      if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
        return false;
      }
    }
    return true;
  }

  /** lkscaler's /metrics on the loopback port, as text. */
  public static String scrape(int httpPort) throws IOException, InterruptedException {
    return Http.get(URI.create("http://127.0.0.1:" + httpPort + "/metrics"), Duration.ofSeconds(5));
  }

  /**
   * A series' value on lkscaler's /metrics now, 0 while it has none (a labelled series appears with
   * its first event).
   */
  public static double current(int httpPort, String series)
      throws IOException, InterruptedException {
    return samples(scrape(httpPort)).getOrDefault(series, 0.0);
  }
}
