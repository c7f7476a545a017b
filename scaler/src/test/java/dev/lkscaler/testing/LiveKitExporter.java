package dev.lkscaler.testing;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Serves LiveKit metrics, with their real names, in the Prometheus text format for a real scrape.
 */
public final class LiveKitExporter implements AutoCloseable {
  // metric name -> label text -> value
  private final Map<String, Map<String, Double>> series = new ConcurrentSkipListMap<>();
  private final ExpositionServer server = new ExpositionServer(this::render);

  public LiveKitExporter() throws IOException {}

  public String target() {
    return server.target();
  }

  /** Sets one gauge series; labels are written in key order. */
  public LiveKitExporter set(String metric, Map<String, String> labels, double value) {
    series
        .computeIfAbsent(metric, m -> new ConcurrentSkipListMap<>())
        .put(Exposition.labels(new TreeMap<>(labels)), value);
    return this;
  }

  /** Drops every series of the metric, as a pod that goes away would. */
  public LiveKitExporter remove(String metric) {
    series.remove(metric);
    return this;
  }

  private String render() {
    StringBuilder out = new StringBuilder();
    series.forEach((metric, values) -> Exposition.gauge(out, metric, "", values));
    return out.toString();
  }

  @Override
  public void close() {
    server.close();
  }
}
