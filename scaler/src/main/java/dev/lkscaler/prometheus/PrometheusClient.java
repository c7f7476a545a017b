package dev.lkscaler.prometheus;

import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.metrics.ScalerMetrics;
import dev.lkscaler.policy.Durations;
import dev.lkscaler.policy.PrometheusSettings;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import tools.jackson.databind.ObjectMapper;

/** Sends instant queries to any server of the Prometheus HTTP API. Never throws: failures are results. */
public final class PrometheusClient {
  private final HttpClient http;
  private final PrometheusSettings settings;
  private final URI queryUri;
  private final ReplyParser parser;
  private final ScalerMetrics metrics;

  public PrometheusClient(
      HttpClient http, PrometheusSettings settings, ObjectMapper mapper, ScalerMetrics metrics) {
    this.http = http;
    this.settings = settings;
    String base = settings.url().toString();
    this.queryUri = URI.create(base.replaceAll("/+$", "") + "/api/v1/query");
    this.parser = new ReplyParser(mapper);
    this.metrics = metrics;
  }

  public PrometheusSettings settings() {
    return settings;
  }

  /** Runs one instant query at the server's "now". */
  public CompletableFuture<QueryResult> query(String promql) {
    String form =
        "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            // the server stops work we no longer wait for
            + "&timeout=" + Durations.format(settings.timeout());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(queryUri)
            .timeout(settings.timeout())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    for (Map.Entry<String, String> header : settings.headers().entrySet()) {
      request.header(header.getKey(), header.getValue());
    }
    long started = System.nanoTime();
    CompletableFuture<QueryResult> reply;
    try {
      reply =
          http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
              .handle((response, error) -> error != null ? failure(error) : read(response));
    } catch (RuntimeException e) {
      reply = CompletableFuture.completedFuture(failure(e));
    }
    return reply.thenApply(
        result -> {
          metrics.prometheusRequest(resultLabel(result), (System.nanoTime() - started) / 1e9);
          return result;
        });
  }

  private QueryResult read(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status / 100 != 2) {
      return new QueryResult.Failure(
          QueryResult.Cause.HTTP_STATUS,
          "Prometheus answered HTTP " + status + ": " + parser.errorText(response.body()));
    }
    return parser.parse(response.body());
  }

  private QueryResult failure(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof HttpTimeoutException) {
      return new QueryResult.Failure(
          QueryResult.Cause.TIMEOUT,
          "Prometheus did not answer within " + Durations.format(settings.timeout()) + " (" + queryUri + ")");
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (cause instanceof ConnectException) {
      message = "connection refused";
    }
    return new QueryResult.Failure(
        QueryResult.Cause.CONNECTION, "cannot reach Prometheus at " + queryUri + ": " + message);
  }

  private static String resultLabel(QueryResult result) {
    if (result instanceof QueryResult.Failure failure) {
      return failure.cause().label();
    }
    if (result instanceof QueryResult.Vector vector && vector.values().isEmpty()) {
      return "empty";
    }
    return "ok";
  }
}
