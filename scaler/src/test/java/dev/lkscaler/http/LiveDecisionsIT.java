package dev.lkscaler.http;

import static dev.lkscaler.testing.Refs.metrics;
import static dev.lkscaler.testing.Refs.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.Scaler;
import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.testing.HeadlessChromium;
import dev.lkscaler.testing.Http;
import dev.lkscaler.testing.LiveKitExporter;
import dev.lkscaler.testing.PolicyTexts;
import dev.lkscaler.testing.RealPrometheus;
import dev.lkscaler.testing.Scalers;
import io.grpc.ManagedChannel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * /decisions and the live page against a running scaler that decides from a real Prometheus: the
 * page is read back from a real headless Chromium, and followed through a change of decision.
 */
class LiveDecisionsIT {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String NS = "live";

  @TempDir Path dir;

  private static String policy(URI prometheus) {
    return ("""
        prometheus: {url: %s, timeout: 2s}
        cache: {ttl: 1s}
        policies:
          agents:
            minReplicas: 1
            maxReplicas: 100
            signals:
              - {name: load, type: utilization, query: 'lk_agents_worker_load{namespace="{{namespace}}"}', scaleUpAt: 0.5, outOfServiceAt: 0.7}
        """
            + PolicyTexts.SIP_AND_EGRESS)
        .formatted(prometheus);
  }

  private static void workers(LiveKitExporter exporter, double... loads) {
    exporter.remove("lk_agents_worker_load");
    for (int i = 0; i < loads.length; i++) {
      exporter.set("lk_agents_worker_load", Map.of("namespace", NS, "pod", "agent-" + i), loads[i]);
    }
  }

  private static long desired(ManagedChannel channel, String name, String policy) {
    return ExternalScalerGrpc.newBlockingStub(channel)
        .withDeadlineAfter(3, TimeUnit.SECONDS)
        .getMetrics(metrics(ref(NS, name, "policy", policy), "lkscaler-" + policy))
        .getMetricValues(0)
        .getMetricValue();
  }

  private static JsonNode decisions(Scaler scaler) throws Exception {
    return JSON.readTree(
        Http.get(
            URI.create("http://127.0.0.1:" + scaler.httpPort() + "/decisions"),
            Duration.ofSeconds(5)));
  }

  /** One row as the page and /decisions both show it. */
  private record Row(String key, String desired, String source, String reason) {}

  private static List<Row> rows(JsonNode decisions) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode d : decisions.get("decisions")) {
      rows.add(
          new Row(
              d.get("namespace").asString()
                  + "/"
                  + d.get("scaledObject").asString()
                  + "/"
                  + d.get("policy").asString(),
              d.get("desiredReplicas").isNull() ? "–" : d.get("desiredReplicas").asString(),
              d.get("source").asString(),
              d.get("reason").isNull() ? d.get("cause").asString() : d.get("reason").asString()));
    }
    return rows;
  }

  /** The table as the browser renders it, read from the DOM. */
  private static List<Row> rows(HeadlessChromium page) throws Exception {
    JsonNode table =
        page.evaluate(
            "[...document.querySelectorAll('#rows tr')].map(r => ({key: r.dataset.key,"
                + " desired: r.querySelector('td.desired').textContent,"
                + " source: r.querySelector('td.source').textContent,"
                + " reason: r.querySelector('td.reason').textContent,"
                + " points: r.querySelectorAll('td.history polyline').length}))");
    List<Row> rows = new ArrayList<>();
    for (JsonNode row : table) {
      assertThat(row.get("points").asInt()).as("a sparkline in " + row).isEqualTo(1);
      rows.add(
          new Row(
              row.get("key").asString(),
              row.get("desired").asString(),
              row.get("source").asString(),
              row.get("reason").asString()));
    }
    return rows;
  }

  @Test
  void thePageShowsWhatDecisionsSaysAndFollowsAChange() throws Exception {
    try (LiveKitExporter exporter = new LiveKitExporter();
        RealPrometheus prometheus = RealPrometheus.start(List.of(exporter.target()))) {
      workers(exporter, 0.4, 0.4);
      exporter.set("livekit_egress_available", Map.of("namespace", NS, "pod", "egress-0"), 1);
      exporter.set("livekit_egress_available", Map.of("namespace", NS, "pod", "egress-1"), 0);
      prometheus.await(
          "count(lk_agents_worker_load) + count(livekit_egress_available)",
          body -> body.contains("\"4\""),
          Duration.ofSeconds(30));
      Scaler scaler = Scalers.fromText(policy(prometheus.url()));
      ManagedChannel channel = Scalers.channel(scaler);
      try {
        // 0.8 load at 0.5 per pod: 2 pods; 1 busy recorder + 2 idle: 3 pods
        assertThat(desired(channel, "agents", "agents")).isEqualTo(2);
        assertThat(desired(channel, "recorders", "egress")).isEqualTo(3);

        JsonNode body = decisions(scaler);
        assertThat(rows(body))
            .extracting(Row::key)
            .containsExactlyInAnyOrder("live/agents/agents", "live/recorders/egress");
        JsonNode agents = entry(body, "agents");
        assertThat(agents.get("desiredReplicas").asInt()).isEqualTo(2);
        assertThat(agents.get("active").asBoolean()).isTrue();
        assertThat(agents.get("source").asString()).isEqualTo("fresh");
        assertThat(agents.get("reason").asString()).startsWith("agents/load: ");
        assertThat(agents.get("ageSeconds").asDouble()).isBetween(0.0, 60.0);
        JsonNode load = agents.get("signals").get(0);
        assertThat(load.get("signal").asString()).isEqualTo("load");
        assertThat(load.get("input").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(load.get("reporting").asInt()).isEqualTo(2);
        assertThat(load.get("desired").asLong()).isEqualTo(2);
        assertThat(agents.get("history")).hasSize(1);

        try (HeadlessChromium page =
            HeadlessChromium.open(
                URI.create("http://127.0.0.1:" + scaler.httpPort() + "/?refresh=1"), dir)) {
          await("the page shows the table of /decisions")
              .atMost(Duration.ofSeconds(30))
              .ignoreExceptions()
              .until(() -> rows(page).equals(rows(decisions(scaler))));

          // the load rises: the next call decides 4, and the page, left open, follows
          workers(exporter, 0.9, 0.9);
          await("a new decision")
              .atMost(Duration.ofSeconds(30))
              .until(() -> desired(channel, "agents", "agents") == 4);
          await("the open page refreshes itself to the new decision, first as the latest change")
              .atMost(Duration.ofSeconds(30))
              .ignoreExceptions()
              .until(
                  () -> {
                    List<Row> shown = rows(page);
                    return shown.equals(rows(decisions(scaler)))
                        && shown.get(0).key().equals("live/agents/agents")
                        && shown.get(0).desired().equals("4");
                  });
          assertThat(entry(decisions(scaler), "agents").get("history"))
              .extracting(point -> point.get("desiredReplicas").asInt())
              .containsExactly(2, 4);
          Path screenshot = screenshots().resolve("live-decisions.png");
          page.screenshot(screenshot);
          assertThat(Files.size(screenshot)).isPositive();
        }
      } finally {
        channel.shutdownNow();
        scaler.stop(Duration.ofSeconds(1));
      }
    }
  }

  private static JsonNode entry(JsonNode body, String name) {
    for (JsonNode d : body.get("decisions")) {
      if (d.get("scaledObject").asString().equals(name)) {
        return d;
      }
    }
    throw new AssertionError("no entry for " + name + " in " + body);
  }

  /** Kept after the build, for docs/tuning.md. */
  private static Path screenshots() {
    return Path.of(System.getProperty("lkscaler.screenshots", "target/screenshots"));
  }
}
