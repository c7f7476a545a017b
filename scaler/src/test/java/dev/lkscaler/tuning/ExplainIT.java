package dev.lkscaler.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.testing.Cli;
import dev.lkscaler.testing.Cli.Run;
import dev.lkscaler.testing.OpenMetricsHistory;
import dev.lkscaler.testing.RealPrometheus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code lkscaler explain} against a real Prometheus that holds a known hour of history: three
 * agent workers at 0.3 load for 30 minutes, then at 0.6, and a fourth that reports NaN.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainIT {
  /** Two whole hours ago, so the history is in the past and inside Prometheus' retention. */
  private static final Instant BASE =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));

  private RealPrometheus prometheus;
  @TempDir Path dir;
  private Path configFile;

  @BeforeAll
  void history() throws Exception {
    OpenMetricsHistory history = new OpenMetricsHistory();
    for (int pod = 0; pod < 3; pod++) {
      history.gauge(
          "lk_agents_worker_load",
          Map.of("namespace", "hist", "pod", "agent-" + pod),
          BASE,
          BASE.plus(Duration.ofHours(1)),
          Duration.ofSeconds(15),
          t -> t.isBefore(BASE.plus(Duration.ofMinutes(30))) ? 0.3 : 0.6);
    }
    history.gauge(
        "lk_agents_worker_load",
        Map.of("namespace", "hist", "pod", "agent-broken"),
        BASE,
        BASE.plus(Duration.ofHours(1)),
        Duration.ofSeconds(15),
        t -> Double.NaN);
    prometheus = RealPrometheus.withHistory(history.text());
  }

  @AfterAll
  void stop() {
    prometheus.close();
  }

  private Run explain(String... args) throws Exception {
    {
      Path config = dir.resolve("policy.yaml");
      Files.writeString(
          config,
          """
          prometheus: {url: %s, timeout: 2s}
          policies:
            agents:
              minReplicas: 1
              maxReplicas: 3
              signals:
                - {name: load, type: utilization, query: 'lk_agents_worker_load{namespace="{{namespace}}"}', scaleUpAt: 0.5, outOfServiceAt: 0.7}
          """
              .formatted(prometheus.url()));
      configFile = config;
    }
    String[] all = new String[args.length + 2];
    all[0] = "explain";
    all[1] = "--config=" + configFile;
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.run(all);
  }

  private static String at(Duration sinceBase) {
    return BASE.plus(sinceBase).toString();
  }

  @Test
  void jsonAtATimeOfTheHistory() throws Exception {
    Run run =
        explain(
            "--policy=agents",
            "--namespace=hist",
            "--at=" + at(Duration.ofMinutes(10)),
            "--output=json");
    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    JsonNode json = JsonMapper.builder().build().readTree(run.out());
    assertThat(json.get("schema").asInt()).isEqualTo(1);
    assertThat(json.get("at").asString()).isEqualTo(at(Duration.ofMinutes(10)));
    assertThat(json.get("scaledObject").asString()).isEqualTo("agents");
    assertThat(json.get("decided").asBoolean()).isTrue();
    assertThat(json.get("desiredReplicas").asInt()).isEqualTo(2);
    assertThat(json.get("winningSignal").asString()).isEqualTo("load");
    assertThat(json.get("clamping").isNull()).isTrue();
    assertThat(json.get("reason").asString())
        .isEqualTo(
            "agents/load: load 0.90 over 3 pods / 0.5 -> 2 (0 pods >= 0.7 out of service) [1"
                + " NaN/Inf sample dropped]");
    JsonNode query = json.get("queries").get(0);
    assertThat(query.get("query").asString())
        .isEqualTo("lk_agents_worker_load{namespace=\"hist\"}");
    assertThat(query.get("series").asInt()).isEqualTo(4);
    assertThat(query.get("dropped").asInt()).isEqualTo(1);
    assertThat(query.get("total").asDouble())
        .isEqualTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(query.get("top").get(0).get("labels").asString())
        .isEqualTo("{__name__=\"lk_agents_worker_load\",namespace=\"hist\",pod=\"agent-0\"}");
    assertThat(query.get("top").get(3).get("value").asString()).isEqualTo("NaN");
    JsonNode signal = json.get("signals").get(0);
    assertThat(signal.get("desired").asInt()).isEqualTo(2);
    assertThat(signal.get("reporting").asInt()).isEqualTo(3);
    assertThat(signal.get("dropped").asInt()).isEqualTo(1);
  }

  @Test
  void textShowsTheQueryTheSeriesTheCountAndTheClamping() throws Exception {
    Run run = explain("--policy=agents", "--namespace=hist", "--at=" + at(Duration.ofMinutes(40)));
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            hist/agents under policy agents at %s

            signal load
              asks for 4 (the load alone: 4): %s
              load: lk_agents_worker_load{namespace="hist"}
                4 series, total 1.8, 1 NaN/Inf dropped
                  0.6          {__name__="lk_agents_worker_load",namespace="hist",pod="agent-0"}
                  0.6          {__name__="lk_agents_worker_load",namespace="hist",pod="agent-1"}
                  0.6          {__name__="lk_agents_worker_load",namespace="hist",pod="agent-2"}
                  NaN          {__name__="lk_agents_worker_load",namespace="hist",pod="agent-broken"}

            decision: 3 replicas, active, from signal load
            clamped: lowered from 4 to maxReplicas 3
            reason: %s; capped at maxReplicas 3
            """
                .formatted(
                    at(Duration.ofMinutes(40)),
                    "agents/load: load 1.80 over 3 pods / 0.5 -> 4 (0 pods >= 0.7 out of service)"
                        + " [1 NaN/Inf sample dropped]",
                    "agents/load: load 1.80 over 3 pods / 0.5 -> 4 (0 pods >= 0.7 out of service)"
                        + " [1 NaN/Inf sample dropped]"));
  }

  @Test
  void beforeTheHistoryThereIsNoDataAndTheExitCodeIsThree() throws Exception {
    Run run =
        explain(
            "--policy=agents",
            "--namespace=hist",
            "--at=" + BASE.minus(Duration.ofHours(1)),
            "--output=json");
    assertThat(run.exit()).isEqualTo(3);
    JsonNode json = JsonMapper.builder().build().readTree(run.out());
    assertThat(json.get("decided").asBoolean()).isFalse();
    assertThat(json.get("desiredReplicas").isNull()).isTrue();
    assertThat(json.get("cause").asString())
        .startsWith("agents/load: query returned no series (onEmpty: hold)");
  }

  @Test
  void usageErrorsExitTwoAndSayWhatWasWrong() throws Exception {
    Run unknown = explain("--policy=nope", "--namespace=hist");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("explain: ").contains("nope");
    Run badTime = explain("--policy=agents", "--namespace=hist", "--at=yesterday");
    assertThat(badTime.exit()).isEqualTo(2);
    assertThat(badTime.err())
        .isEqualTo(
            "explain: --at: expected an RFC 3339 time (2026-12-03T12:00:00Z) or Unix seconds."
                + " Found: \"yesterday\"\n");
    Run missing = explain("--namespace=hist");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required option: '--policy=NAME'");
  }
}
