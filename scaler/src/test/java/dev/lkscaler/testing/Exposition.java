package dev.lkscaler.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a Prometheus text exposition, keyed by the series as written. */
public final class Exposition {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)$", Pattern.MULTILINE);

  private Exposition() {}

  public static Map<String, Double> samples(String text) {
    Map<String, Double> samples = new TreeMap<>();
    Matcher matcher = SAMPLE.matcher(text);
    while (matcher.find()) {
      samples.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
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
}
