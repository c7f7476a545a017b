package dev.lkscaler;

import static dev.lkscaler.testing.Refs.metrics;
import static dev.lkscaler.testing.Refs.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.testing.Exposition;
import dev.lkscaler.testing.FakePrometheus;
import dev.lkscaler.testing.RealPrometheus;
import dev.lkscaler.testing.Scalers;
import dev.lkscaler.testing.ServeProcess;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped jar's log, as Loki would read it: JSON lines, decision fields, and not one secret,
 * although the secrets are used, echoed back by a proxy, and appear in a rejected policy.
 */
class LogSecrecyIT {
  private static final List<String> SECRETS =
      List.of("tok-from-file-8d1f", "key-from-env-77aa", "inline-secret-5c3e", "hunter2-password");

  @TempDir Path dir;

  @Test
  void logsAreJsonLinesWithoutSecrets() throws Exception {
    try (FakePrometheus prometheus = new FakePrometheus()) {
      Files.writeString(dir.resolve("token"), "tok-from-file-8d1f\n");
      Path config = dir.resolve("policy.yaml");
      String policy =
          """
          prometheus:
            url: %s
            headers:
              Authorization: {fromFile: %s, prefix: "Bearer "}
              X-Api-Key: {fromEnv: PROM_API_KEY}
              X-Inline: {secret: inline-secret-5c3e}
          cache: {ttl: 1s, lastKnownGoodFor: 1m}
          policies:
            agents:
              signals:
                - {name: load, type: utilization, query: 'lk_agents_worker_load{namespace="{{namespace}}"}'}
          """
              .formatted(prometheus.url(), dir.resolve("token"));
      Files.writeString(config, policy);
      prometheus.replyToAll(200, FakePrometheus.vectorBody("0.9", "0.8", "0.6", "0.5"));
      int grpcPort = RealPrometheus.freePort();
      int httpPort = RealPrometheus.freePort();
      Path log = dir.resolve("stdout.log");
      ProcessBuilder builder =
          ServeProcess.builder(config, grpcPort, httpPort, log, "--kubernetes", "off");
      builder.environment().put("PROM_API_KEY", "key-from-env-77aa");
      builder.environment().remove("LKSCALER_LOG_FORMAT");
      Process process = builder.start();
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
      try {
        Scalers.awaitReady(httpPort, Duration.ofSeconds(20), process, log);
        ExternalScalerGrpc.ExternalScalerBlockingStub keda =
            ExternalScalerGrpc.newBlockingStub(channel);
        assertThat(
                keda.getMetrics(
                        metrics(ref("livekit", "agents", "policy", "agents"), "lkscaler-agents"))
                    .getMetricValues(0)
                    .getMetricValue())
            .isEqualTo(6);
        assertThat(prometheus.headers().get(0).get("Authorization"))
            .containsExactly("Bearer tok-from-file-8d1f");

        // Prometheus turns away the credentials and echoes them: the scaler serves last known good
        prometheus.replyToAll(
            401,
            "bad credentials: Authorization=Bearer tok-from-file-8d1f X-Api-Key=key-from-env-77aa"
                + " X-Inline=inline-secret-5c3e");
        // within the 1 s TTL the cached sample answers; the first call past it meets the 401
        await("a call meets the 401 and gets the last good decision")
            .until(
                () -> {
                  assertThat(
                          keda.getMetrics(
                                  metrics(
                                      ref("livekit", "agents", "policy", "agents"),
                                      "lkscaler-agents"))
                              .getMetricValues(0)
                              .getMetricValue())
                      .isEqualTo(6);
                  return Exposition.current(
                          httpPort, "lkscaler_last_known_good_served_total{policy=\"agents\"}")
                      > 0;
                });

        // an edit that puts a password in the URL is rejected, and the password is not repeated
        Files.writeString(
            config, policy.replace("url: http://", "url: http://admin:hunter2-password@"));
        await("the edit is rejected")
            .until(() -> Files.readString(log).contains("rejected policy"));
      } finally {
        channel.shutdownNow();
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
      }

      List<String> lines = Files.readAllLines(log);
      assertThat(lines).isNotEmpty();
      JsonMapper json = JsonMapper.builder().build();
      for (String line : lines) {
        JsonNode node = json.readTree(line);
        assertThat(node.has("ts") && node.has("level") && node.has("logger") && node.has("msg"))
            .as("a JSON log line with ts, level, logger and msg: %s", line)
            .isTrue();
      }
      String all = String.join("\n", lines);
      for (String secret : SECRETS) {
        assertThat(all).as("the log must not contain %s", secret).doesNotContain(secret);
      }
      JsonNode decision =
          lines.stream()
              .map(json::readTree)
              .filter(n -> n.path("msg").asString("").startsWith("decision for livekit/agents"))
              .findFirst()
              .orElseThrow();
      assertThat(
              Map.of(
                  "policy", decision.path("policy").asString(""),
                  "namespace", decision.path("namespace").asString(""),
                  "scaledobject", decision.path("scaledobject").asString(""),
                  "desired", decision.path("desired").asString(""),
                  "reason", decision.path("reason").asString("")))
          .isEqualTo(
              Map.of(
                  "policy",
                  "agents",
                  "namespace",
                  "livekit",
                  "scaledobject",
                  "agents",
                  "desired",
                  "6",
                  "reason",
                  "agents/load: load 2.80 over 4 pods / 0.5 -> 6 (2 pods >= 0.7 out of service)"));
      assertThat(all)
          .contains("serving last known good")
          .contains("rejected policy")
          .contains("a URL with credentials");
    }
  }
}
