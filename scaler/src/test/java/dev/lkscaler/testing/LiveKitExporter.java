package dev.lkscaler.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Serves LiveKit metrics, with their real names, in the Prometheus text format for a real scrape.
 */
public final class LiveKitExporter implements AutoCloseable {
  private final HttpServer server;
  // metric name -> label text -> value
  private final Map<String, Map<String, Double>> series = new ConcurrentSkipListMap<>();

  public LiveKitExporter() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = render().getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  public String target() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Sets one gauge series; labels are written in key order. */
  public LiveKitExporter set(String metric, Map<String, String> labels, double value) {
    StringBuilder text = new StringBuilder("{");
    new TreeMap<>(labels)
        .forEach(
            (k, v) ->
                text.append(text.length() > 1 ? "," : "")
                    .append(k)
                    .append("=\"")
                    .append(v)
                    .append('"'));
    text.append('}');
    series.computeIfAbsent(metric, m -> new ConcurrentSkipListMap<>()).put(text.toString(), value);
    return this;
  }

  /** Drops every series of the metric, as a pod that goes away would. */
  public LiveKitExporter remove(String metric) {
    series.remove(metric);
    return this;
  }

  private String render() {
    StringBuilder out = new StringBuilder();
    series.forEach(
        (metric, values) -> {
          out.append("# TYPE ").append(metric).append(" gauge\n");
          values.forEach(
              (labels, value) ->
                  out.append(metric).append(labels).append(' ').append(format(value)).append('\n'));
        });
    return out.toString();
  }

  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(value);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
