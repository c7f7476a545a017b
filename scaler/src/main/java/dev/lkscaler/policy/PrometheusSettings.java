package dev.lkscaler.policy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** Where and how to query: any server of the Prometheus HTTP API. */
public record PrometheusSettings(URI url, Duration timeout, Map<String, HeaderValue> headers) {
  public PrometheusSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(timeout, "timeout");
    headers = Map.copyOf(headers);
  }
}
