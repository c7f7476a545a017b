package dev.lkscaler.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.policy.ClientTls;
import dev.lkscaler.policy.PolicyException;
import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PrometheusSettings;
import dev.lkscaler.testing.Certificates;
import dev.lkscaler.testing.Certificates.Pair;
import dev.lkscaler.testing.Certificates.Usage;
import dev.lkscaler.testing.FakePrometheus;
import dev.lkscaler.tls.TlsFiles;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prometheus behind authentication, as Mimir, Thanos and Cortex run it: a bearer token and a basic
 * auth password from files that rotate, and TLS with a CA, a client certificate or no checks, each
 * against a loopback server that checks what it is sent.
 */
class PrometheusAuthTest {
  @TempDir Path dir;

  private final List<FakePrometheus> servers = new ArrayList<>();
  private final List<String> tlsEvents = new ArrayList<>();
  private PrometheusClient client;

  @BeforeEach
  void client() {
    TlsFiles files =
        new TlsFiles(
            new TlsFiles.Listener() {
              @Override
              public void reloaded(String what) {
                tlsEvents.add("reloaded " + what);
              }

              @Override
              public void rejected(String what, String problem) {
                tlsEvents.add("rejected " + what + ": " + problem);
              }
            },
            Clock.systemUTC(),
            Duration.ofSeconds(1));
    client =
        new PrometheusClient(
            new HttpClients(HttpClient.newHttpClient(), files),
            JsonMapper.builder().build(),
            (result, took) -> {},
            name -> null,
            Clock.systemUTC());
  }

  @AfterEach
  void close() {
    servers.forEach(FakePrometheus::close);
  }

  private FakePrometheus serve(FakePrometheus server) {
    servers.add(server);
    server.replyToAll(200, FakePrometheus.vectorBody("2"));
    return server;
  }

  /** The prometheus block of a policy file, parsed as lkscaler reads it. */
  private static PrometheusSettings settings(String prometheus) throws PolicyException {
    return PolicyParser.parse(
            "prometheus: "
                + prometheus
                + "\npolicies: {a: {signals: [{name: s, type: capacity, query: q,"
                + " capacityPerReplica: 1}]}}\n")
        .prometheus();
  }

  private QueryResult ask(PrometheusSettings settings) {
    return client.query(settings, "q").join();
  }

  private static final QueryResult TWO = new QueryResult.Vector(List.of(2.0));

  @Test
  void aBearerTokenFileIsReadAtEachRequestSoARotatedTokenIsUsed() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "first-token\n");
    AtomicReference<String> accepted = new AtomicReference<>("Bearer first-token");
    FakePrometheus server = serve(new FakePrometheus()).requireAuthorization(accepted::get);
    PrometheusSettings settings =
        settings("{url: '" + server.url() + "', bearerTokenFile: " + token + "}");
    assertThat(ask(settings)).isEqualTo(TWO);

    // the projected service account token is rotated, and the old one is no longer accepted
    Files.writeString(token, "second-token\n");
    accepted.set("Bearer second-token");
    assertThat(ask(settings)).isEqualTo(TWO);
  }

  @Test
  void basicAuthSendsTheUserAndThePasswordFileAsItIsNow() throws Exception {
    Path password = dir.resolve("password");
    Files.writeString(password, "s3cret-one\n");
    AtomicReference<String> accepted = new AtomicReference<>(basic("tenant-1", "s3cret-one"));
    FakePrometheus server = serve(new FakePrometheus()).requireAuthorization(accepted::get);
    PrometheusSettings settings =
        settings(
            "{url: '"
                + server.url()
                + "', basicAuth: {username: tenant-1, passwordFile: "
                + password
                + "}, headers: {X-Scope-OrgID: tenant-1}}");
    assertThat(ask(settings)).isEqualTo(TWO);
    assertThat(server.headers().get(0)).containsKey("X-scope-orgid");

    Files.writeString(password, "s3cret-two\n");
    accepted.set(basic("tenant-1", "s3cret-two"));
    assertThat(ask(settings)).isEqualTo(TWO);
  }

  @Test
  void refusedCredentialsAreAFailureThatNeverShowsThem() throws Exception {
    Path password = dir.resolve("password");
    Files.writeString(password, "wrong-password\n");
    FakePrometheus server =
        serve(new FakePrometheus()).requireAuthorization(() -> basic("u", "right"));
    QueryResult result =
        ask(
            settings(
                "{url: '"
                    + server.url()
                    + "', basicAuth: {username: u, passwordFile: "
                    + password
                    + "}}"));
    assertThat(result)
        .isInstanceOfSatisfying(
            QueryResult.Failure.class,
            failure -> {
              assertThat(failure.cause()).isEqualTo(QueryResult.Cause.HTTP_STATUS);
              // the server echoed the header: the scaler keeps it out of its text
              assertThat(failure.detail())
                  .startsWith("Prometheus answered HTTP 401: unauthorized: bad credentials: ***")
                  .doesNotContain("wrong-password")
                  .doesNotContain(
                      Base64.getEncoder().encodeToString("u:wrong-password".getBytes()));
            });
  }

  @Test
  void aMissingPasswordFileIsACredentialsFailureThatNamesTheFile() throws Exception {
    FakePrometheus server = serve(new FakePrometheus());
    Path missing = dir.resolve("nowhere");
    assertThat(
            ask(
                settings(
                    "{url: '"
                        + server.url()
                        + "', basicAuth: {username: u, passwordFile: "
                        + missing
                        + "}}")))
        .isEqualTo(
            new QueryResult.Failure(
                QueryResult.Cause.CREDENTIALS,
                "header Authorization: cannot read " + missing + " (NoSuchFileException)"));
    assertThat(server.requests()).isZero();
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void httpsWithTheCaOfTheFileAndMutualTls() throws Exception {
    Certificates certificates = new Certificates(dir);
    Pair ca = certificates.ca("ca");
    Pair serverPair = certificates.leaf("prometheus", ca, Usage.SERVER);
    Pair clientPair = certificates.leaf("lkscaler", ca, Usage.CLIENT);
    FakePrometheus server =
        serve(FakePrometheus.https(certificates.serverContext(serverPair, Optional.of(ca)), true));

    assertThat(
            ask(
                settings(
                    "{url: '"
                        + server.url()
                        + "', tls: {caFile: "
                        + ca.certificate()
                        + ", certFile: "
                        + clientPair.certificate()
                        + ", keyFile: "
                        + clientPair.key()
                        + "}}")))
        .isEqualTo(TWO);

    // without a client certificate the server refuses the handshake
    assertThat(
            ask(settings("{url: '" + server.url() + "', tls: {caFile: " + ca.certificate() + "}}")))
        .isInstanceOfSatisfying(
            QueryResult.Failure.class,
            failure -> assertThat(failure.cause()).isEqualTo(QueryResult.Cause.CONNECTION));
  }

  @Test
  void overMutualTlsTheRotatedTokenIsSentAndTheOldOneIsRefused() throws Exception {
    Certificates certificates = new Certificates(dir);
    Pair ca = certificates.ca("ca");
    Pair serverPair = certificates.leaf("mimir", ca, Usage.SERVER);
    Pair clientPair = certificates.leaf("lkscaler", ca, Usage.CLIENT);
    Path token = dir.resolve("token");
    Files.writeString(token, "first-token\n");
    AtomicReference<String> accepted = new AtomicReference<>("Bearer first-token");
    FakePrometheus server =
        serve(FakePrometheus.https(certificates.serverContext(serverPair, Optional.of(ca)), true))
            .requireAuthorization(accepted::get);
    PrometheusSettings settings =
        settings(
            "{url: '"
                + server.url()
                + "', bearerTokenFile: "
                + token
                + ", tls: {caFile: "
                + ca.certificate()
                + ", certFile: "
                + clientPair.certificate()
                + ", keyFile: "
                + clientPair.key()
                + "}}");
    assertThat(ask(settings)).isEqualTo(TWO);

    // the server moves to the next token before the file does: refused, and the text hides both
    accepted.set("Bearer second-token");
    assertThat(ask(settings))
        .isInstanceOfSatisfying(
            QueryResult.Failure.class,
            failure -> {
              assertThat(failure.cause()).isEqualTo(QueryResult.Cause.HTTP_STATUS);
              assertThat(failure.detail())
                  .startsWith("Prometheus answered HTTP 401")
                  .doesNotContain("first-token")
                  .doesNotContain("second-token");
            });
    Files.writeString(token, "second-token\n");
    assertThat(ask(settings)).isEqualTo(TWO);
  }

  @Test
  void aServerOfAnotherCaIsRefusedUnlessVerificationIsSkipped() throws Exception {
    Certificates certificates = new Certificates(dir);
    Pair ca = certificates.ca("ca");
    Pair otherCa = certificates.ca("other-ca");
    Pair serverPair = certificates.leaf("prometheus", otherCa, Usage.SERVER);
    FakePrometheus server =
        serve(
            FakePrometheus.https(certificates.serverContext(serverPair, Optional.empty()), false));

    assertThat(
            ask(settings("{url: '" + server.url() + "', tls: {caFile: " + ca.certificate() + "}}")))
        .isInstanceOfSatisfying(
            QueryResult.Failure.class,
            failure -> {
              assertThat(failure.cause()).isEqualTo(QueryResult.Cause.CONNECTION);
              assertThat(failure.detail()).startsWith("cannot reach Prometheus at " + server.url());
            });
    // the JDK's own CAs do not know it either
    assertThat(ask(settings("{url: '" + server.url() + "'}")))
        .isInstanceOf(QueryResult.Failure.class);
    assertThat(ask(settings("{url: '" + server.url() + "', tls: {insecureSkipVerify: true}}")))
        .isEqualTo(TWO);
  }

  @Test
  void tlsFilesThatDoNotLoadAreACredentialsFailureTriedAgainAtTheNextRequest() throws Exception {
    Certificates certificates = new Certificates(dir);
    Pair ca = certificates.ca("ca");
    Pair serverPair = certificates.leaf("prometheus", ca, Usage.SERVER);
    FakePrometheus server =
        serve(
            FakePrometheus.https(certificates.serverContext(serverPair, Optional.empty()), false));
    Path caFile = dir.resolve("later-ca.crt");
    PrometheusSettings settings =
        settings("{url: '" + server.url() + "', tls: {caFile: " + caFile + "}}");
    assertThat(ask(settings))
        .isInstanceOfSatisfying(
            QueryResult.Failure.class,
            failure -> {
              assertThat(failure.cause()).isEqualTo(QueryResult.Cause.CREDENTIALS);
              assertThat(failure.detail())
                  .startsWith("prometheus.tls: ")
                  .contains(caFile.toString());
            });
    Files.copy(ca.certificate(), caFile);
    assertThat(ask(settings)).isEqualTo(TWO);
  }

  @Test
  void theSettingsKeepTheTlsAsWritten() throws Exception {
    assertThat(
            settings(
                    "{url: 'https://mimir:8080/prometheus', tls: {caFile: /ca.crt, certFile: /c.crt,"
                        + " keyFile: /c.key}}")
                .tls())
        .contains(
            new ClientTls(
                Optional.of("/ca.crt"), Optional.of("/c.crt"), Optional.of("/c.key"), false));
  }
}
