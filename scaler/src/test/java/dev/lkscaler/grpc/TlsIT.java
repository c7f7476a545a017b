package dev.lkscaler.grpc;

import static dev.lkscaler.testing.Refs.ref;
import static dev.lkscaler.testing.Statuses.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.Scaler;
import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.testing.Certificates;
import dev.lkscaler.testing.Certificates.Pair;
import dev.lkscaler.testing.Certificates.Usage;
import dev.lkscaler.testing.Exposition;
import dev.lkscaler.testing.FakePrometheus;
import dev.lkscaler.testing.Observers;
import dev.lkscaler.testing.Scalers;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC over mutual TLS with PEM files, as KEDA's TriggerAuthentication (caCert, tlsClientCert,
 * tlsClientKey) uses it, with real TLS clients: who gets in, who is refused, and a certificate
 * rotated on disk as cert-manager rotates it.
 */
class TlsIT {
  @TempDir Path dir;

  private Certificates certificates;
  private Pair ca;
  private Pair otherCa;
  private Pair client;
  private Path live;
  private FakePrometheus prometheus;
  private Scaler scaler;
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    certificates = new Certificates(dir);
    ca = certificates.ca("ca");
    otherCa = certificates.ca("other-ca");
    client = certificates.leaf("client", ca, Usage.CLIENT);
    Pair server = certificates.leaf("server", ca, Usage.SERVER);
    // the files the scaler reads, as a mounted Secret: rewritten in place on rotation
    live = Files.createDirectories(dir.resolve("live"));
    Files.copy(server.certificate(), live.resolve("tls.crt"));
    Files.copy(server.key(), live.resolve("tls.key"));
    prometheus = new FakePrometheus();
    prometheus.replyToAll(200, FakePrometheus.vectorBody("0.6"));
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(
        policy,
        ("prometheus: {url: %s}\ncache: {ttl: 200ms}\npolicies: {agents: {signals: [{name: l, type:"
                + " utilization, query: q, onEmpty: zero}]}}\n")
            .formatted(prometheus.url()));
    scaler =
        Scaler.start(
            new Scaler.Settings(
                new Scaler.FromFile(policy),
                0,
                0,
                Optional.of(
                    new Scaler.Tls(
                        live.resolve("tls.crt"),
                        live.resolve("tls.key"),
                        Optional.of(ca.certificate())))),
            Optional.empty(),
            Clock.systemUTC());
    Scalers.awaitReady(scaler.httpPort(), Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    if (scaler != null) {
      scaler.stop(Duration.ofSeconds(1));
    }
    prometheus.close();
  }

  /** A channel that trusts {@code trusted} and presents {@code presented}, when given. */
  private ManagedChannel channel(Pair trusted, Optional<Pair> presented) throws Exception {
    SslContextBuilder tls =
        GrpcSslContexts.forClient().trustManager(trusted.certificate().toFile());
    presented.ifPresent(p -> tls.keyManager(p.certificate().toFile(), p.key().toFile()));
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", scaler.grpcPort())
            .sslContext(tls.build())
            .build();
    channels.add(channel);
    return channel;
  }

  private static String metricName(ManagedChannel channel) {
    return ExternalScalerGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .getMetricSpec(ref("livekit", "agents", "policy", "agents"))
        .getMetricSpecs(0)
        .getMetricName();
  }

  private void refused(ManagedChannel channel) {
    assertFailsWith(() -> metricName(channel), Status.Code.UNAVAILABLE);
  }

  private double tlsReloads(String result) throws Exception {
    return Exposition.sum(
        Exposition.scrape(scaler.httpPort()), "lkscaler_tls_reload_total", "result", result);
  }

  @Test
  void aClientWithACertificateOfTheCaGetsIn() throws Exception {
    assertThat(metricName(channel(ca, Optional.of(client)))).isEqualTo("lkscaler-agents");
  }

  @Test
  void refusesNoCertificateAnotherCaAnExpiredOneAndOneNotForClients() throws Exception {
    refused(channel(ca, Optional.empty()));
    refused(channel(ca, Optional.of(certificates.leaf("stranger", otherCa, Usage.CLIENT))));
    refused(channel(ca, Optional.of(certificates.expiredLeaf("expired", ca, Usage.CLIENT))));
    refused(channel(ca, Optional.of(certificates.leaf("server-only", ca, Usage.SERVER))));
    // the refusals left the server as it was
    assertThat(metricName(channel(ca, Optional.of(client)))).isEqualTo("lkscaler-agents");
  }

  @Test
  void plaintextToTheTlsPortFailsCleanly() {
    ManagedChannel plaintext = Scalers.channel(scaler);
    channels.add(plaintext);
    assertThatThrownBy(() -> metricName(plaintext))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void aRotatedCertificateServesNewConnectionsAndOpenStreamsGoOn() throws Exception {
    ManagedChannel before = channel(ca, Optional.of(client));
    assertThat(metricName(before)).isEqualTo("lkscaler-agents");
    LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    ExternalScalerGrpc.newStub(before)
        .streamIsActive(ref("livekit", "agents", "policy", "agents"), Observers.collect(received));
    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(true);

    // the new pair comes from another CA, so that a client can tell which one it was shown
    Pair rotated = certificates.leaf("server-2", otherCa, Usage.SERVER);
    // half way: the new certificate beside the old key never takes over
    Files.copy(rotated.certificate(), live.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
    await("the half-written pair is refused")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(metricName(channel(ca, Optional.of(client)))).isEqualTo("lkscaler-agents");
              assertThat(tlsReloads("rejected")).isEqualTo(1);
            });

    Files.copy(rotated.key(), live.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
    await("new connections see the rotated certificate")
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> metricName(channel(otherCa, Optional.of(client))).equals("lkscaler-agents"));
    assertThat(tlsReloads("applied")).isEqualTo(1);
    refused(channel(ca, Optional.of(client)));

    // the connection made before the rotation keeps its session, and its stream goes on
    assertThat(metricName(before)).isEqualTo("lkscaler-agents");
    prometheus.replyToAll(200, FakePrometheus.vectorBody());
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(false);
  }
}
