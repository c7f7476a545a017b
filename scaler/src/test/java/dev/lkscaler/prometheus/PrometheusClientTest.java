package dev.lkscaler.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.policy.HeaderValue;
import dev.lkscaler.policy.PrometheusSettings;
import dev.lkscaler.testing.FakePrometheus;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

class PrometheusClientTest {
  private final FakePrometheus prometheus = newFake();
  private final HttpClients http =
      new HttpClients(
          HttpClient.newHttpClient(),
          new dev.lkscaler.tls.TlsFiles(
              new dev.lkscaler.tls.TlsFiles.Listener() {
                @Override
                public void reloaded(String what) {}

                @Override
                public void rejected(String what, String problem) {}
              },
              java.time.Clock.systemUTC(),
              Duration.ofSeconds(1)));

  private static FakePrometheus newFake() {
    try {
      return new FakePrometheus();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void close() {
    prometheus.close();
  }

  private final Map<String, String> environment = new java.util.HashMap<>();

  /** The results and durations the client reported, in order. */
  private final List<String> observed = new java.util.concurrent.CopyOnWriteArrayList<>();

  private Querying client(URI url, Duration timeout, Map<String, HeaderValue> headers) {
    return client(url, timeout, headers, PrometheusClient.MAX_REPLY_BYTES);
  }

  private Querying client(
      URI url, Duration timeout, Map<String, HeaderValue> headers, long maxReplyBytes) {
    PrometheusClient client =
        new PrometheusClient(
            http,
            JsonMapper.builder().build(),
            (result, took) -> observed.add(result),
            environment::get,
            java.time.Clock.systemUTC(),
            maxReplyBytes);
    PrometheusSettings settings = new PrometheusSettings(url, timeout, headers);
    return query -> client.query(settings, query);
  }

  /** A client bound to one server's settings. */
  private interface Querying {
    java.util.concurrent.CompletableFuture<QueryResult> query(String promql);
  }

  private QueryResult ask(String query) {
    return client(prometheus.url(), Duration.ofSeconds(2), Map.of()).query(query).join();
  }

  @Test
  void readsAVectorWithSpecialValues() {
    prometheus.reply("load", 200, FakePrometheus.vectorBody("0.9", "NaN", "+Inf", "-Inf", "-2"));
    QueryResult result = ask("load");
    assertThat(result).isInstanceOf(QueryResult.Vector.class);
    List<Double> values = ((QueryResult.Vector) result).values();
    assertThat(values)
        .containsExactly(0.9, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -2.0);
  }

  @Test
  void readsAScalarAndAnEmptyVector() {
    prometheus.reply("s", 200, FakePrometheus.scalarBody("130"));
    prometheus.reply("e", 200, FakePrometheus.vectorBody());
    assertThat(ask("s")).isEqualTo(new QueryResult.Scalar(130));
    assertThat(ask("e")).isEqualTo(new QueryResult.Vector(List.of()));
    assertThat(observed)
        .as("each request is reported by its result")
        .containsExactly("ok", "empty");
  }

  @Test
  void sendsTheQueryItsTimeoutAndTheConfiguredHeaders() {
    prometheus.replyToAll(200, FakePrometheus.vectorBody("1"));
    client(
            prometheus.url(),
            Duration.ofMillis(1500),
            Map.of("X-Scope-OrgID", new HeaderValue.Plain("tenant-1")))
        .query("sum(up{job=\"a b\"})")
        .join();
    assertThat(prometheus.forms())
        .containsExactly("query=sum%28up%7Bjob%3D%22a+b%22%7D%29&timeout=1s500ms");
    assertThat(prometheus.headers().get(0).get("X-scope-orgid")).containsExactly("tenant-1");
  }

  @Test
  void sendsSecretHeadersFromEnvAndFileAndKeepsThemOutOfErrors(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path token = dir.resolve("token");
    java.nio.file.Files.writeString(token, "file-token-1\n");
    environment.put("API_KEY", "env-key-1");
    Map<String, HeaderValue> headers =
        Map.of(
            "Authorization", new HeaderValue.FromFile(token.toString(), "Bearer "),
            "X-Api-Key", new HeaderValue.FromEnv("API_KEY", ""),
            "X-Inline", new HeaderValue.Secret("inline-secret-1"));
    // a proxy that echoes what it was sent
    prometheus.replyToAll(
        401, "denied: Bearer file-token-1 env-key-1 inline-secret-1; token file-token-1");
    QueryResult result = client(prometheus.url(), Duration.ofSeconds(2), headers).query("q").join();
    assertThat(prometheus.headers().get(0).get("Authorization"))
        .containsExactly("Bearer file-token-1");
    assertThat(prometheus.headers().get(0).get("X-api-key")).containsExactly("env-key-1");
    assertThat(prometheus.headers().get(0).get("X-inline")).containsExactly("inline-secret-1");
    assertThat(result)
        .isEqualTo(
            new QueryResult.Failure(
                QueryResult.Cause.HTTP_STATUS,
                "Prometheus answered HTTP 401: body \"denied: *** *** ***; token ***\""));

    // the token file is read at each request, so a rotated token is used at once
    java.nio.file.Files.writeString(token, "file-token-2");
    client(prometheus.url(), Duration.ofSeconds(2), headers).query("q").join();
    assertThat(prometheus.headers().get(1).get("Authorization"))
        .containsExactly("Bearer file-token-2");
  }

  @Test
  void aMissingSecretSourceIsACredentialsFailure() {
    QueryResult result =
        client(
                prometheus.url(),
                Duration.ofSeconds(2),
                Map.of("Authorization", new HeaderValue.FromEnv("NOT_SET", "Bearer ")))
            .query("q")
            .join();
    assertThat(result)
        .isEqualTo(
            new QueryResult.Failure(
                QueryResult.Cause.CREDENTIALS,
                "header Authorization: the environment variable NOT_SET is not set"));
    assertThat(prometheus.requests()).isZero();
  }

  @Test
  void keepsAPathPrefixOfTheUrl() {
    prometheus.replyToAll(200, FakePrometheus.vectorBody("1"));
    QueryResult result =
        client(URI.create(prometheus.url() + "/prometheus/"), Duration.ofSeconds(2), Map.of())
            .query("q")
            .join();
    // the fake answers any path; what matters is that the request reached it
    assertThat(result).isEqualTo(new QueryResult.Vector(List.of(1.0)));
  }

  static Stream<Arguments> badReplies() {
    String bad = "bad reply from Prometheus: ";
    return Stream.of(
        Arguments.of(
            200,
            "not json",
            QueryResult.Cause.PARSE,
            bad + "(body): expected JSON. Found: text that is not JSON"),
        Arguments.of(
            200,
            "[]",
            QueryResult.Cause.PARSE,
            bad + "(body): expected a JSON object. Found: a list of 0"),
        Arguments.of(
            200,
            "{\"status\":\"ok\"}",
            QueryResult.Cause.PARSE,
            bad + "status: expected \"success\". Found: \"ok\""),
        Arguments.of(
            200,
            "{\"status\":\"success\"}",
            QueryResult.Cause.PARSE,
            bad + "data: expected an object. Found: nothing"),
        Arguments.of(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
            QueryResult.Cause.PARSE,
            bad
                + "data.resultType: expected vector or scalar (an instant query, not a range selector). Found: \"matrix\""),
        Arguments.of(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":{}}}",
            QueryResult.Cause.PARSE,
            bad + "data.result: expected a list of series. Found: an object"),
        Arguments.of(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1,2]}]}}",
            QueryResult.Cause.PARSE,
            bad + "data.result[0].value[1]: expected a sample value as a string. Found: 2"),
        Arguments.of(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1,\"x\"]}]}}",
            QueryResult.Cause.PARSE,
            bad + "data.result[0].value[1]: expected a sample value as a string. Found: \"x\""),
        Arguments.of(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{}}]}}",
            QueryResult.Cause.PARSE,
            bad + "data.result[0].value: expected a [time, \"value\"] pair. Found: nothing"),
        Arguments.of(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1]}}",
            QueryResult.Cause.PARSE,
            bad + "data.result: expected a [time, \"value\"] pair. Found: a list of 1"),
        Arguments.of(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"pod\":\"a\",\"ns\":\"x\"},\"value\":[1,\"1\"]},"
                + "{\"metric\":{\"pod\":\"b\"},\"value\":[1,\"1\"]},"
                + "{\"metric\":{\"ns\":\"x\",\"pod\":\"a\"},\"value\":[1,\"2\"]}]}}",
            QueryResult.Cause.PARSE,
            bad
                + "data.result[2].metric: expected a label set no other series has. Found: the"
                + " labels of data.result[0]"),
        // fields in any order: the result before its type
        Arguments.of(
            200,
            "{\"data\":{\"result\":[1,\"x\"],\"resultType\":\"scalar\"},\"status\":\"success\"}",
            QueryResult.Cause.PARSE,
            bad + "data.result[1]: expected a sample value as a string. Found: \"x\""),
        Arguments.of(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1,\"1\"]}",
            QueryResult.Cause.PARSE,
            bad + "(body): expected JSON. Found: text that is not JSON"),
        Arguments.of(
            200,
            "<html><body>Sign in</body></html>",
            QueryResult.Cause.PARSE,
            bad + "(body): expected JSON. Found: text that is not JSON"),
        Arguments.of(
            400,
            "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error: unexpected end of input\"}",
            QueryResult.Cause.HTTP_STATUS,
            "Prometheus answered HTTP 400: bad_data: 1:5: parse error: unexpected end of input"),
        Arguments.of(
            503,
            "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out\"}",
            QueryResult.Cause.HTTP_STATUS,
            "Prometheus answered HTTP 503: timeout: query timed out"),
        Arguments.of(
            502,
            "<html>Bad Gateway</html>",
            QueryResult.Cause.HTTP_STATUS,
            "Prometheus answered HTTP 502: body \"<html>Bad Gateway</html>\""),
        Arguments.of(
            500, "", QueryResult.Cause.HTTP_STATUS, "Prometheus answered HTTP 500: empty body"));
  }

  @ParameterizedTest
  @MethodSource("badReplies")
  void badRepliesBecomeFailuresThatNameTheField(
      int status, String body, QueryResult.Cause cause, String detail) {
    prometheus.replyToAll(status, body);
    assertThat(ask("q"))
        .isInstanceOfSatisfying(
            QueryResult.Failure.class,
            failure -> {
              assertThat(failure.cause()).isEqualTo(cause);
              assertThat(failure.detail()).startsWith(detail);
            });
  }

  @Test
  void aHangingServerIsATimeout() {
    prometheus.hold();
    QueryResult result =
        client(prometheus.url(), Duration.ofMillis(300), Map.of()).query("q").join();
    assertThat(result)
        .isEqualTo(
            new QueryResult.Failure(
                QueryResult.Cause.TIMEOUT,
                "Prometheus did not answer within 300ms (" + prometheus.url() + "/api/v1/query)"));
    assertThat(observed).containsExactly("timeout");
    assertThat(PrometheusClient.RESULTS).contains("timeout");
  }

  private QueryResult askWithCap(long maxReplyBytes) {
    return client(prometheus.url(), Duration.ofSeconds(5), Map.of(), maxReplyBytes)
        .query("q")
        .join();
  }

  @Test
  void aReplyLargerThanTheCapIsCutOffAndIsAFailure() {
    prometheus.behave(FakePrometheus.hugeBody(64L << 20));
    assertThat(askWithCap(1 << 20))
        .isEqualTo(
            new QueryResult.Failure(
                QueryResult.Cause.TOO_LARGE,
                "the reply of Prometheus at "
                    + prometheus.url()
                    + "/api/v1/query is larger than 1 MiB: read no further (a query that lost a"
                    + " label matcher?)"));
    assertThat(observed).containsExactly("too_large");
    assertThat(PrometheusClient.RESULTS).contains("too_large");
    assertThat(PrometheusClient.MAX_REPLY_BYTES).isEqualTo(32L << 20);
  }

  @Test
  void aReplyWithinTheCapIsRead() {
    prometheus.behave(FakePrometheus.hugeBody(512 << 10));
    assertThat(askWithCap(1 << 20)).isEqualTo(new QueryResult.Vector(List.of(1.0)));
  }

  @Test
  void aBodyThatStallsIsATimeoutLikeAHang() {
    prometheus.behave(prometheus.stallMidBody("{\"status\":\"success\",\"data\":{\"resu"));
    QueryResult result =
        client(prometheus.url(), Duration.ofMillis(300), Map.of()).query("q").join();
    assertThat(result)
        .isEqualTo(
            new QueryResult.Failure(
                QueryResult.Cause.TIMEOUT,
                "Prometheus did not answer within 300ms (" + prometheus.url() + "/api/v1/query)"));
  }

  @Test
  void aConnectionClosedMidBodyIsAConnectionFailure() {
    prometheus.behave(FakePrometheus.closeMidBody("{\"status\":\"success\",\"da"));
    QueryResult result = ask("q");
    assertThat(result)
        .isInstanceOfSatisfying(
            QueryResult.Failure.class,
            failure -> {
              assertThat(failure.cause()).isEqualTo(QueryResult.Cause.CONNECTION);
              assertThat(failure.detail())
                  .startsWith("lost the connection to Prometheus at " + prometheus.url());
            });
  }

  @Test
  void tooManyRequestsShowsRetryAfter() {
    prometheus.behave(
        FakePrometheus.withHeader(
            429,
            "{\"status\":\"error\",\"errorType\":\"too_many_requests\",\"error\":\"per-tenant"
                + " limit\"}",
            "Retry-After",
            "30"));
    assertThat(ask("q"))
        .isEqualTo(
            new QueryResult.Failure(
                QueryResult.Cause.HTTP_STATUS,
                "Prometheus answered HTTP 429 (Retry-After: 30): too_many_requests: per-tenant"
                    + " limit"));
  }

  @Test
  void aSlowReplyInsideTheTimeoutIsRead() {
    prometheus.behave(prometheus.slow(Duration.ofMillis(400), 200, FakePrometheus.vectorBody("3")));
    assertThat(client(prometheus.url(), Duration.ofSeconds(2), Map.of()).query("q").join())
        .isEqualTo(new QueryResult.Vector(List.of(3.0)));
  }

  @Test
  void samplesFromAnHourAgoAreStale() {
    double hourAgo = System.currentTimeMillis() / 1000.0 - 3600;
    prometheus.replyToAll(
        200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":["
            + hourAgo
            + ",\"4\"]}]}}");
    assertThat(ask("q"))
        .isInstanceOfSatisfying(
            QueryResult.Failure.class,
            failure -> {
              assertThat(failure.cause()).isEqualTo(QueryResult.Cause.STALE);
              assertThat(failure.detail())
                  .startsWith(
                      "the reply of Prometheus at "
                          + prometheus.url()
                          + "/api/v1/query is stale: its samples are 1h")
                  .endsWith(
                      " older than lkscaler's clock (more than 5m): a cache in front of it, or a"
                          + " clock off");
            });
    assertThat(observed).containsExactly("stale");
  }

  @Test
  void oneHundredThousandSeriesAreReadAsTheyCome() {
    String[] values = new String[100_000];
    java.util.Arrays.fill(values, "0.5");
    prometheus.replyToAll(200, FakePrometheus.vectorBody(values));
    QueryResult result = ask("q");
    assertThat(result).isInstanceOf(QueryResult.Vector.class);
    assertThat(((QueryResult.Vector) result).values()).hasSize(100_000);
  }

  @Test
  void aClosedPortIsAConnectionFailure() throws Exception {
    int port;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port);
    QueryResult result = client(url, Duration.ofSeconds(1), Map.of()).query("q").join();
    assertThat(result)
        .isEqualTo(
            new QueryResult.Failure(
                QueryResult.Cause.CONNECTION,
                "cannot reach Prometheus at " + url + "/api/v1/query: connection refused"));
  }
}
