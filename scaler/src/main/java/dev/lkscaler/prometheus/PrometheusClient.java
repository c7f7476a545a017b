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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
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

  /**
   * The most of a reply body that is read: more is a broken query or server (a lost label matcher),
   * never a fleet, and it must not take the scaler's memory.
   */
  public static final long MAX_REPLY_BYTES = 32L << 20;

  private final HttpClients http;
  private final ReplyParser parser;
  private final ReplyParser labelledParser;
  private final long maxReplyBytes;
  private final RequestObserver observer;
  private final Function<String, String> environment;
  private final Clock clock;

  /**
   * @param environment reads an environment variable, for headers given {@code fromEnv}
   */
  public PrometheusClient(
      HttpClients http,
      ObjectMapper mapper,
      RequestObserver observer,
      Function<String, String> environment,
      Clock clock) {
    this(http, mapper, observer, environment, clock, MAX_REPLY_BYTES);
  }

  /**
   * @param maxReplyBytes a reply body longer than this is a failure, read no further
   */
  public PrometheusClient(
      HttpClients http,
      ObjectMapper mapper,
      RequestObserver observer,
      Function<String, String> environment,
      Clock clock,
      long maxReplyBytes) {
    this.http = http;
    this.parser = new ReplyParser(mapper, false);
    this.labelledParser = new ReplyParser(mapper, true);
    this.maxReplyBytes = maxReplyBytes;
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
    return query(settings, promql, Optional.empty(), false);
  }

  /**
   * Runs one instant query.
   *
   * @param at the evaluation time; the server's "now" when empty
   * @param keepLabels whether a vector keeps each series' labels (explain shows them)
   */
  public CompletableFuture<QueryResult> query(
      PrometheusSettings settings, String promql, Optional<Instant> at, boolean keepLabels) {
    String form =
        "query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + at.map(time -> "&time=" + seconds(time)).orElse("")
            // the server stops work we no longer wait for
            + "&timeout="
            + Durations.format(settings.timeout());
    ReplyParser chosen = keepLabels ? labelledParser : parser;
    return exchange(
            settings, queryUri(settings), form, response -> Reply.of(read(response, at, chosen)))
        .thenApply(reply -> reply.failure() != null ? reply.failure() : reply.value());
  }

  /**
   * Runs one range query ({@code /api/v1/query_range}) from {@code start} to {@code end}, both
   * included, every {@code step}; the caller keeps it under the server's 11,000 points per series.
   */
  public CompletableFuture<RangeResult> queryRange(
      PrometheusSettings settings, String promql, Instant start, Instant end, Duration step) {
    URI rangeUri =
        URI.create(settings.url().toString().replaceAll("/+$", "") + "/api/v1/query_range");
    String form =
        "query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&start="
            + seconds(start)
            + "&end="
            + seconds(end)
            + "&step="
            + java.math.BigDecimal.valueOf(step.toMillis(), 3).toPlainString()
            + "&timeout="
            + Durations.format(settings.timeout());
    return exchange(
            settings,
            rangeUri,
            form,
            response -> {
              int status = response.statusCode();
              if (status / 100 != 2) {
                return Reply.failed(statusFailure(response));
              }
              RangeResult parsed = parser.parseRange(response.body().stream());
              return parsed instanceof RangeResult.Failed failed
                  ? Reply.<RangeResult>failed(failed.failure())
                  : new Reply<>(parsed, null);
            })
        .thenApply(
            reply ->
                reply.failure() != null ? new RangeResult.Failed(reply.failure()) : reply.value());
  }

  /** A reply read: a value, or why there is none. */
  private record Reply<R>(R value, QueryResult.Failure failure) {
    static Reply<QueryResult> of(QueryResult result) {
      return result instanceof QueryResult.Failure failure
          ? failed(failure)
          : new Reply<>(result, null);
    }

    static <R> Reply<R> failed(QueryResult.Failure failure) {
      return new Reply<>(null, failure);
    }
  }

  /**
   * Posts a form with the settings' headers and TLS, reads the reply within the timeout and keeps
   * secret header values out of any failure's text.
   */
  private <R> CompletableFuture<Reply<R>> exchange(
      PrometheusSettings settings,
      URI uri,
      String form,
      Function<HttpResponse<CappedBody.Bytes>, Reply<R>> read) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.timeout())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    Instant started = clock.instant();
    List<String> secrets = new ArrayList<>();
    CompletableFuture<Reply<R>> reply;
    try {
      for (Map.Entry<String, HeaderValue> header : settings.headers().entrySet()) {
        String value = resolve(header.getKey(), header.getValue(), secrets);
        if (header.getValue().secret()) {
          secrets.add(value);
          secrets.add(withoutPrefix(header.getValue(), value));
        }
        request.header(header.getKey(), value);
      }
      HttpClient client;
      try {
        client = http.client(settings.tls());
      } catch (HttpClients.TlsUnavailable e) {
        throw new CredentialsMissing(e.getMessage());
      }
      CappedBody body = new CappedBody(maxReplyBytes);
      CompletableFuture<HttpResponse<CappedBody.Bytes>> exchange =
          client.sendAsync(request.build(), info -> body);
      // the request's timeout ends at the headers: a body that stalls is cut off here too
      reply =
          exchange
              .handle(
                  (response, error) ->
                      error != null
                          ? Reply.<R>failed(failure(settings, uri, error, body.started()))
                          : read.apply(response))
              .thenApply(got -> scrub(got, secrets))
              .completeOnTimeout(
                  Reply.failed(timedOut(settings, uri)),
                  settings.timeout().toMillis(),
                  TimeUnit.MILLISECONDS);
      reply.whenComplete(
          (result, error) -> {
            if (!exchange.isDone()) {
              exchange.cancel(true);
            }
            body.cancel();
          });
    } catch (CredentialsMissing e) {
      reply =
          CompletableFuture.completedFuture(
              Reply.failed(new QueryResult.Failure(QueryResult.Cause.CREDENTIALS, e.getMessage())));
    } catch (RuntimeException e) {
      reply =
          CompletableFuture.completedFuture(
              scrub(Reply.failed(failure(settings, uri, e, false)), secrets));
    }
    return reply.thenApply(
        result -> {
          observer.answered(
              result.failure() != null
                  ? result.failure().cause().label()
                  : result.value() instanceof QueryResult value ? resultLabel(value) : "ok",
              Duration.between(started, clock.instant()));
          return result;
        });
  }

  private static <R> Reply<R> scrub(Reply<R> reply, List<String> secrets) {
    return reply.failure() == null
        ? reply
        : Reply.failed((QueryResult.Failure) scrub(reply.failure(), secrets));
  }

  /**
   * The header's value now: secret files are read at every request, so rotated tokens work.
   *
   * @param secrets takes the parts of a value that are secret beside the whole (a password)
   */
  private String resolve(String name, HeaderValue value, List<String> secrets) {
    if (value instanceof HeaderValue.BasicAuth basic) {
      String password = readSecretFile(name, basic.passwordFile());
      secrets.add(password);
      String encoded =
          java.util.Base64.getEncoder()
              .encodeToString((basic.username() + ":" + password).getBytes(StandardCharsets.UTF_8));
      secrets.add(encoded);
      return "Basic " + encoded;
    }
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
    return fromFile.prefix() + readSecretFile(name, fromFile.path());
  }

  /** A mounted secret without its trailing newline; a missing or empty file is named. */
  private static String readSecretFile(String header, String path) {
    try {
      String found = Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
      if (found.isEmpty()) {
        throw new CredentialsMissing("header " + header + ": the file " + path + " is empty");
      }
      return found;
    } catch (IOException e) {
      throw new CredentialsMissing(
          "header " + header + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
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

  /** How much of an error body is read for its text. */
  private static final int ERROR_TEXT_BYTES = 4096;

  /** A reply that is not 2xx, with its error text and any Retry-After. */
  private QueryResult.Failure statusFailure(HttpResponse<CappedBody.Bytes> response) {
    String retry =
        response
            .headers()
            .firstValue("Retry-After")
            .map(value -> " (Retry-After: " + firstLine(value) + ")")
            .orElse("");
    return new QueryResult.Failure(
        QueryResult.Cause.HTTP_STATUS,
        "Prometheus answered HTTP "
            + response.statusCode()
            + retry
            + ": "
            + parser.errorText(response.body().head(ERROR_TEXT_BYTES)));
  }

  /** Seconds since the epoch, as the HTTP API takes a time: exact to the millisecond. */
  static String seconds(Instant time) {
    return java.math.BigDecimal.valueOf(time.toEpochMilli(), 3).toPlainString();
  }

  /**
   * @param at the evaluation time asked for, which the samples carry: the reference for staleness
   */
  private QueryResult read(
      HttpResponse<CappedBody.Bytes> response, Optional<Instant> at, ReplyParser parser) {
    if (response.statusCode() / 100 != 2) {
      return statusFailure(response);
    }
    ReplyParser.Parsed parsed = parser.parse(response.body().stream());
    if (parsed.newestSeconds().isPresent()) {
      long reference = at.map(Instant::toEpochMilli).orElseGet(clock::millis);
      long ageMillis = reference - (long) (parsed.newestSeconds().getAsDouble() * 1000);
      if (ageMillis > STALE_AFTER.toMillis()) {
        return new QueryResult.Failure(
            QueryResult.Cause.STALE,
            "the reply of Prometheus at "
                + response.uri()
                + " is stale: its samples are "
                + Durations.format(Duration.ofSeconds(ageMillis / 1000))
                + (at.isPresent()
                    ? " older than the time asked for"
                    : " older than lkscaler's clock")
                + " (more than "
                + Durations.format(STALE_AFTER)
                + "): a cache in front of it, or a clock off");
      }
    }
    return parsed.result();
  }

  /**
   * An instant query's samples carry the time it was evaluated at, which is now: a reply older than
   * Prometheus' own lookback of 5 minutes was kept somewhere, or a clock is off.
   */
  public static final Duration STALE_AFTER = Duration.ofMinutes(5);

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 64 ? line.substring(0, 64) + "..." : line;
  }

  private static QueryResult.Failure timedOut(PrometheusSettings settings, URI queryUri) {
    return new QueryResult.Failure(
        QueryResult.Cause.TIMEOUT,
        "Prometheus did not answer within "
            + Durations.format(settings.timeout())
            + " ("
            + queryUri
            + ")");
  }

  /**
   * @param headersReceived whether the reply had begun: a failure then is one mid-body
   */
  private QueryResult.Failure failure(
      PrometheusSettings settings, URI queryUri, Throwable error, boolean headersReceived) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof HttpTimeoutException) {
      return timedOut(settings, queryUri);
    }
    if (cause instanceof CappedBody.TooLarge) {
      return new QueryResult.Failure(
          QueryResult.Cause.TOO_LARGE,
          "the reply of Prometheus at "
              + queryUri
              + " is larger than "
              + (maxReplyBytes >= 1 << 20 && maxReplyBytes % (1 << 20) == 0
                  ? (maxReplyBytes >> 20) + " MiB"
                  : maxReplyBytes + " bytes")
              + ": read no further (a query that lost a label matcher?)");
    }
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (cause instanceof ConnectException) {
      return new QueryResult.Failure(
          QueryResult.Cause.CONNECTION,
          "cannot reach Prometheus at " + queryUri + ": connection refused");
    }
    if (headersReceived) {
      return new QueryResult.Failure(
          QueryResult.Cause.CONNECTION,
          "lost the connection to Prometheus at " + queryUri + " mid-reply: " + message);
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
