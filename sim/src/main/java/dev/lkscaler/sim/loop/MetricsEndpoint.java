package dev.lkscaler.sim.loop;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.fleet.Exposition;
import dev.lkscaler.sim.fleet.PoolSnapshot;
import dev.lkscaler.testing.ExpositionServer;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the fleets' latest snapshots on /metrics, on a free loopback port, for Prometheus to
 * scrape.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final Map<String, Map<Component, PoolSnapshot>> fleets = new ConcurrentHashMap<>();
  private final ExpositionServer server;

  /**
   * @param timeScale simulated seconds per real second, for the counters of seconds
   */
  public MetricsEndpoint(double timeScale) throws IOException {
    server = new ExpositionServer(() -> Exposition.render(new TreeMap<>(fleets), timeScale));
  }

  /** host:port, as a scrape target. */
  public String target() {
    return server.target();
  }

  public void publish(String namespace, Map<Component, PoolSnapshot> snapshot) {
    fleets.put(namespace, Map.copyOf(snapshot));
  }

  @Override
  public void close() {
    server.close();
  }
}
