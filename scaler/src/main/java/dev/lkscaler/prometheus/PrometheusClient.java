package dev.lkscaler.prometheus;

import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.policy.Durations;
import dev.lkscaler.policy.HeaderValue;
import dev.lkscaler.policy.PrometheusSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import tools.jackson.databind.ObjectMapper;

/**
 * Sends instant queries to any server of the Prometheus HTTP API, as the settings of each request
 * say. Never throws: failures are results.
 */
public final class PrometheusClient {
  /** Told of each request: its result ({@link #RESULTS}) and how long it took. */
  public interface RequestObserver {
    void answered(String result, Duration took);
  }

  /** Every result a request can have: ok, empty, or the cause of a failure. */
  public static final List<String> RESULTS = results();

  private final HttpClient http;
  private final ReplyParser parser;
  private final RequestObserver observer;
  private final Function<String, String> environment;
  private final Clock clock;

  /**
   * @param environment reads an environment variable, for headers given {@code fromEnv}
   */
  public PrometheusClient(
      HttpClient http,
      ObjectMapper mapper,
      RequestObserver observer,
      Function<String, String> environment,
      Clock clock) {
    this.http = http;
    this.parser = new ReplyParser(mapper);
    this.observer = observer;
    this.environment = environment;
    this.clock = clock;
  }

  private static List<String> results() {
    List<String> results = new ArrayList<>(List.of("ok", "empty"));
    for (QueryResult.Cause cause : QueryResult.Cause.values()) {
      results.add(cause.label());
    }
    return List.copyOf(results);
  }

  /** {@code <url>/api/v1/query}, whatever slashes the URL ends with. */
  static URI queryUri(PrometheusSettings settings) {
    return URI.create(settings.url().toString().replaceAll("/+$", "") + "/api/v1/query");
  }

  /** Runs one instant query at the server's "now". */
  public CompletableFuture<QueryResult> query(PrometheusSettings settings, String promql) {
    URI queryUri = queryUri(settings);
    String form =
        "query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            // the server stops work we no longer wait for
            + "&timeout="
            + Durations.format(settings.timeout());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(queryUri)
            .timeout(settings.timeout())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    Instant started = clock.instant();
    List<String> secrets = new ArrayList<>();
    CompletableFuture<QueryResult> reply;
    try {
      for (Map.Entry<String, HeaderValue> header : settings.headers().entrySet()) {
        String value = resolve(header.getKey(), header.getValue());
        if (header.getValue().secret()) {
          secrets.add(value);
          secrets.add(withoutPrefix(header.getValue(), value));
        }
        request.header(header.getKey(), value);
      }
      reply =
          http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
              .handle(
                  (response, error) ->
                      scrub(
                          error != null ? failure(settings, queryUri, error) : read(response),
                          secrets));
    } catch (CredentialsMissing e) {
      reply =
          CompletableFuture.completedFuture(
              new QueryResult.Failure(QueryResult.Cause.CREDENTIALS, e.getMessage()));
    } catch (RuntimeException e) {
      reply = CompletableFuture.completedFuture(scrub(failure(settings, queryUri, e), secrets));
    }
    return reply.thenApply(
        result -> {
          observer.answered(resultLabel(result), Duration.between(started, clock.instant()));
          return result;
        });
  }

  /** The header's value now: secret files are read at every request, so rotated tokens work. */
  private String resolve(String name, HeaderValue value) {
    if (value instanceof HeaderValue.Plain plain) {
      return plain.value();
    }
    if (value instanceof HeaderValue.Secret secret) {
      return secret.value();
    }
    if (value instanceof HeaderValue.FromEnv fromEnv) {
      String found = environment.apply(fromEnv.variable());
      if (found == null || found.isEmpty()) {
        throw new CredentialsMissing(
            "header " + name + ": the environment variable " + fromEnv.variable() + " is not set");
      }
      return fromEnv.prefix() + found.strip();
    }
    HeaderValue.FromFile fromFile = (HeaderValue.FromFile) value;
    try {
      String found = Files.readString(Path.of(fromFile.path()), StandardCharsets.UTF_8).strip();
      if (found.isEmpty()) {
        throw new CredentialsMissing(
            "header " + name + ": the file " + fromFile.path() + " is empty");
      }
      return fromFile.prefix() + found;
    } catch (IOException e) {
      throw new CredentialsMissing(
          "header "
              + name
              + ": cannot read "
              + fromFile.path()
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private static String withoutPrefix(HeaderValue header, String value) {
    String prefix =
        header instanceof HeaderValue.FromEnv env
            ? env.prefix()
            : header instanceof HeaderValue.FromFile file ? file.prefix() : "";
    return value.substring(prefix.length());
  }

  /** A reply's text may echo what we sent: keep secret header values out of it. */
  private static QueryResult scrub(QueryResult result, List<String> secrets) {
    if (!(result instanceof QueryResult.Failure failure) || secrets.isEmpty()) {
      return result;
    }
    String detail = failure.detail();
    // longest first, so that a value and its unprefixed part both disappear
    List<String> ordered = new ArrayList<>(secrets);
    ordered.sort((a, b) -> b.length() - a.length());
    for (String secret : ordered) {
      if (!secret.isEmpty()) {
        detail = detail.replace(secret, "***");
      }
    }
    return new QueryResult.Failure(failure.cause(), detail);
  }

  /** A secret header's source is missing; its message names the source, never a value. */
  private static final class CredentialsMissing extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CredentialsMissing(String message) {
      super(message, null, false, false);
    }
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

  private static QueryResult failure(PrometheusSettings settings, URI queryUri, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof HttpTimeoutException) {
      return new QueryResult.Failure(
          QueryResult.Cause.TIMEOUT,
          "Prometheus did not answer within "
              + Durations.format(settings.timeout())
              + " ("
              + queryUri
              + ")");
    }
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
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
