package dev.lkscaler.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a Prometheus text exposition, keyed by the series as written. */
public final class Exposition {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)$", Pattern.MULTILINE);

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Exposition() {}

  /** lkscaler's /metrics on the loopback port, as text. */
  public static String scrape(int httpPort) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /**
   * A series' value on lkscaler's /metrics now, 0 while it has none (a labelled series appears with
   * its first event).
   */
  public static double current(int httpPort, String series)
      throws IOException, InterruptedException {
    return samples(scrape(httpPort)).getOrDefault(series, 0.0);
  }

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
