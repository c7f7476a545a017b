package dev.lkscaler.grpc;

import static dev.lkscaler.testing.Refs.ref;
import static dev.lkscaler.testing.Statuses.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lkscaler.Scaler;
import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.testing.Scalers;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC over mutual TLS with PEM files, as KEDA's TriggerAuthentication (caCert, tlsClientCert,
 * tlsClientKey) uses it.
 */
class TlsIT {
  @TempDir Path dir;

  private void openssl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as("openssl %s: %s", String.join(" ", args), output).isZero();
  }

  /** openssl req with a new P-256 key and no passphrase; {@code options} go before the key's. */
  private void request(List<String> options, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("req"));
    args.addAll(options);
    args.addAll(List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"));
    args.addAll(List.of(more));
    openssl(args.toArray(String[]::new));
  }

  /** A CA, a server certificate for 127.0.0.1 and a client certificate, all PEM, keys in PKCS#8. */
  private void makeCertificates() throws Exception {
    request(
        List.of("-x509"),
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "1",
        "-subj",
        "/CN=lkscaler-test-ca");
    Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    for (String who : List.of("server", "client")) {
      request(List.of(), "-keyout", who + ".key", "-out", who + ".csr", "-subj", "/CN=" + who);
      List<String> sign =
          new java.util.ArrayList<>(
              List.of(
                  "x509",
                  "-req",
                  "-in",
                  who + ".csr",
                  "-CA",
                  "ca.crt",
                  "-CAkey",
                  "ca.key",
                  "-CAcreateserial",
                  "-out",
                  who + ".crt",
                  "-days",
                  "1"));
      if (who.equals("server")) {
        sign.addAll(List.of("-extfile", "server.ext"));
      }
      openssl(sign.toArray(String[]::new));
    }
  }

  @Test
  void servesMutualTlsAndRefusesClientsWithoutACertificate() throws Exception {
    makeCertificates();
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(
        policy,
        "prometheus: {url: http://127.0.0.1:1}\npolicies: {agents: {signals: [{name: l, type: utilization, query: q}]}}\n");
    Scaler scaler =
        Scaler.start(
            new Scaler.Settings(
                new Scaler.FromFile(policy),
                0,
                0,
                Optional.of(
                    new Scaler.Tls(
                        dir.resolve("server.crt"),
                        dir.resolve("server.key"),
                        Optional.of(dir.resolve("ca.crt"))))),
            Optional.empty(),
            Clock.systemUTC());
    Scalers.awaitReady(scaler.httpPort(), Duration.ofSeconds(10));
    try {
      SslContextBuilder withCertificate =
          GrpcSslContexts.forClient()
              .trustManager(dir.resolve("ca.crt").toFile())
              .keyManager(dir.resolve("client.crt").toFile(), dir.resolve("client.key").toFile());
      ManagedChannel trusted =
          NettyChannelBuilder.forAddress("127.0.0.1", scaler.grpcPort())
              .sslContext(withCertificate.build())
              .build();
      assertThat(
              ExternalScalerGrpc.newBlockingStub(trusted)
                  .withDeadlineAfter(5, TimeUnit.SECONDS)
                  .getMetricSpec(ref("livekit", "agents", "policy", "agents"))
                  .getMetricSpecs(0)
                  .getMetricName())
          .isEqualTo("lkscaler-agents");
      trusted.shutdownNow();

      ManagedChannel anonymous =
          NettyChannelBuilder.forAddress("127.0.0.1", scaler.grpcPort())
              .sslContext(
                  GrpcSslContexts.forClient().trustManager(dir.resolve("ca.crt").toFile()).build())
              .build();
      assertFailsWith(
          () ->
              ExternalScalerGrpc.newBlockingStub(anonymous)
                  .withDeadlineAfter(5, TimeUnit.SECONDS)
                  .getMetricSpec(ref("livekit", "agents", "policy", "agents")),
          Status.Code.UNAVAILABLE);
      anonymous.shutdownNow();

      ManagedChannel plaintext = Scalers.channel(scaler);
      assertThatThrownBy(
              () ->
                  ExternalScalerGrpc.newBlockingStub(plaintext)
                      .withDeadlineAfter(5, TimeUnit.SECONDS)
                      .getMetricSpec(ref("livekit", "agents", "policy", "agents")))
          .isInstanceOf(StatusRuntimeException.class);
      plaintext.shutdownNow();
    } finally {
      scaler.stop(Duration.ofSeconds(1));
    }
  }
}
