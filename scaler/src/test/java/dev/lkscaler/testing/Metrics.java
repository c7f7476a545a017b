package dev.lkscaler.testing;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/** Reads counters and gauges from a registry the way a scrape would. */
public final class Metrics {
  private Metrics() {}

  /** The counter's value for the data points whose labels include the given pairs (0 if none). */
  public static double counter(PrometheusRegistry registry, String name, String... labels) {
    return sum(registry, name, labels);
  }

  /** The gauge's value for the data points whose labels include the given pairs (0 if none). */
  public static double gauge(PrometheusRegistry registry, String name, String... labels) {
    return sum(registry, name, labels);
  }

  private static double sum(PrometheusRegistry registry, String name, String... labels) {
    double total = 0;
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (!snapshot.getMetadata().getPrometheusName().equals(name)) {
        continue;
      }
      for (DataPointSnapshot point : snapshot.getDataPoints()) {
        boolean matches = true;
        for (int i = 0; i < labels.length; i += 2) {
          matches &= labels[i + 1].equals(point.getLabels().get(labels[i]));
        }
        if (matches && point instanceof CounterSnapshot.CounterDataPointSnapshot c) {
          total += c.getValue();
        } else if (matches && point instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
          total += g.getValue();
        }
      }
    }
    return total;
  }
}
