package dev.lkscaler.policy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to query: any server of the Prometheus HTTP API.
 *
 * @param headers request headers, credentials included (bearerTokenFile and basicAuth become an
 *     Authorization header)
 * @param tls how to do TLS to an https url; empty for the JDK's defaults
 */
public record PrometheusSettings(
    URI url, Duration timeout, Map<String, HeaderValue> headers, Optional<ClientTls> tls) {
  public PrometheusSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(timeout, "timeout");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(tls, "tls");
  }

  /** Without TLS settings of its own. */
  public PrometheusSettings(URI url, Duration timeout, Map<String, HeaderValue> headers) {
    this(url, timeout, headers, Optional.empty());
  }
}
