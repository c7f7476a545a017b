package dev.lkscaler.testing;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/** Reads counters from a registry the way a scrape would. */
public final class Metrics {
  private Metrics() {}

  /** The counter's value for the data point whose labels include the given pairs (0 if none). */
  public static double counter(PrometheusRegistry registry, String name, String... labels) {
    double total = 0;
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (!snapshot.getMetadata().getPrometheusName().equals(name)
          || !(snapshot instanceof CounterSnapshot counter)) {
        continue;
      }
      for (CounterSnapshot.CounterDataPointSnapshot point : counter.getDataPoints()) {
        boolean matches = true;
        for (int i = 0; i < labels.length; i += 2) {
          matches &= labels[i + 1].equals(point.getLabels().get(labels[i]));
        }
        if (matches) {
          total += point.getValue();
        }
      }
    }
    return total;
  }
}
