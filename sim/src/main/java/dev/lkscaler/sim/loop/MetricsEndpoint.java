package dev.lkscaler.sim.loop;

import com.sun.net.httpserver.HttpServer;
import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.fleet.Exposition;
import dev.lkscaler.sim.fleet.PoolSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the fleets' latest snapshots on /metrics, on a free loopback port, for Prometheus to
 * scrape.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, Map<Component, PoolSnapshot>> fleets = new ConcurrentHashMap<>();

  public MetricsEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body =
              Exposition.render(new java.util.TreeMap<>(fleets)).getBytes(StandardCharsets.UTF_8);
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

  /** host:port, as a scrape target. */
  public String target() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public void publish(String namespace, Map<Component, PoolSnapshot> snapshot) {
    fleets.put(namespace, Map.copyOf(snapshot));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
