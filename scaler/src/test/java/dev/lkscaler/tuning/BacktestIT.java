package dev.lkscaler.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.testing.Cli;
import dev.lkscaler.testing.Cli.Run;
import dev.lkscaler.testing.HeadlessChromium;
import dev.lkscaler.testing.OpenMetricsHistory;
import dev.lkscaler.testing.RealPrometheus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code lkscaler backtest} against a real Prometheus that holds a known hour: three agent workers
 * at 0.3 load, at 0.6 from 20 minutes, silent from 25 to 35 minutes, and at 0.2 from 40 minutes;
 * the deployment's replicas as kube-state-metrics would have them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BacktestIT {
  private static final Instant BASE =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
  private static final Instant END = BASE.plus(Duration.ofHours(1));
  private static final String POLICY =
      """
      prometheus: {url: %s, timeout: 2s}
      cache: {lastKnownGoodFor: 2m}
      policies:
        agents:
          minReplicas: 1
          maxReplicas: 20
          signals:
            - {name: load, type: utilization, query: 'lk_agents_worker_load{namespace="{{namespace}}"}', scaleUpAt: %s, outOfServiceAt: 0.7}
      """;

  private RealPrometheus prometheus;
  private Path files;

  @BeforeAll
  void history(@TempDir Path dir) throws Exception {
    OpenMetricsHistory history = new OpenMetricsHistory();
    for (int pod = 0; pod < 3; pod++) {
      history.gauge(
          "lk_agents_worker_load",
          Map.of("namespace", "hist", "pod", "agent-" + pod),
          BASE,
          END,
          Duration.ofSeconds(15),
          t -> {
            long minute = Duration.between(BASE, t).toMinutes();
            if (minute >= 25 && minute < 35) {
              return null;
            }
            return minute < 20 ? 0.3 : minute < 40 ? 0.6 : 0.2;
          });
    }
    history.gauge(
        "kube_deployment_status_replicas",
        Map.of("namespace", "hist", "deployment", "agents"),
        BASE,
        END,
        Duration.ofSeconds(15),
        t -> 3.0);
    prometheus = RealPrometheus.withHistory(history.text());
    files = dir;
    Files.writeString(dir.resolve("a.yaml"), POLICY.formatted(prometheus.url(), "0.5"));
    Files.writeString(dir.resolve("b.yaml"), POLICY.formatted(prometheus.url(), "0.4"));
  }

  @AfterAll
  void stop() {
    prometheus.close();
  }

  private Run backtest(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "backtest",
                "--config=" + files.resolve("a.yaml"),
                "--policy=agents",
                "--namespace=hist",
                "--from=" + BASE,
                "--to=" + END,
                "--step=30s"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static JsonNode json(Run run) {
    assertThat(run.exit()).as(run.err()).isZero();
    // no progress bar: stderr is not a terminal here
    assertThat(run.err()).isEmpty();
    return JsonMapper.builder().build().readTree(run.out());
  }

  private static JsonNode stepAt(JsonNode column, Instant at) {
    for (JsonNode step : column.get("steps")) {
      if (Instant.parse(step.get("at").asString()).equals(at)) {
        return step;
      }
    }
    throw new AssertionError("no step at " + at);
  }

  @Test
  void theDecisionsAtChosenTimesAreExplainsAtThoseTimes() {
    JsonNode column = json(backtest("--output=json")).get("columns").get(0);
    assertThat(column.get("steps")).hasSize(121);
    for (Duration since :
        List.of(Duration.ofMinutes(10), Duration.ofMinutes(22), Duration.ofSeconds(2730))) {
      Instant at = BASE.plus(since);
      JsonNode explained =
          JsonMapper.builder()
              .build()
              .readTree(
                  Cli.run(
                          "explain",
                          "--config=" + files.resolve("a.yaml"),
                          "--policy=agents",
                          "--namespace=hist",
                          "--at=" + at,
                          "--replicas=" + stepAt(column, at).get("targetReplicas").asInt(),
                          "--output=json")
                      .out());
      JsonNode step = stepAt(column, at);
      assertThat(step.get("desiredReplicas").asInt())
          .as("at " + since)
          .isEqualTo(explained.get("desiredReplicas").asInt());
      assertThat(step.get("reason").asString()).isEqualTo(explained.get("reason").asString());
    }
    // 0.9 / 0.5, 1.8 / 0.5 and 0.6 / 0.5
    assertThat(stepAt(column, BASE.plus(Duration.ofMinutes(10))).get("desiredReplicas").asInt())
        .isEqualTo(2);
    assertThat(stepAt(column, BASE.plus(Duration.ofMinutes(22))).get("desiredReplicas").asInt())
        .isEqualTo(4);
  }

  @Test
  void gapsAreHeldAsServeWouldAndReported() {
    JsonNode column = json(backtest("--output=json")).get("columns").get(0);
    // samples stop at 24:45; Prometheus looks back 5 minutes, so the data ends after 29:45
    JsonNode before = stepAt(column, BASE.plus(Duration.ofSeconds(1770)));
    JsonNode gap = column.get("gaps").get(0);
    assertThat(column.get("gaps")).hasSize(1);
    assertThat(Instant.parse(gap.get("from").asString()))
        .isEqualTo(BASE.plus(Duration.ofSeconds(1800)));
    assertThat(Instant.parse(gap.get("to").asString()))
        .isEqualTo(BASE.plus(Duration.ofMinutes(35)));
    assertThat(gap.get("cause").asString())
        .isEqualTo(
            "agents/load: query returned no series while the target has "
                + before.get("replicas").asInt()
                + " replicas");
    // last known good for 2 minutes, then UNAVAILABLE; the HPA holds its replicas throughout
    assertThat(stepAt(column, BASE.plus(Duration.ofSeconds(1800))).get("source").asString())
        .isEqualTo("last-known-good");
    assertThat(stepAt(column, BASE.plus(Duration.ofSeconds(1950))).get("source").asString())
        .isEqualTo("unavailable");
    for (int s = 1800; s < 2100; s += 30) {
      assertThat(stepAt(column, BASE.plus(Duration.ofSeconds(s))).get("replicas").asInt())
          .as("at " + s + " s")
          .isEqualTo(before.get("replicas").asInt());
    }
    assertThat(column.get("summary").get("noDataMinutes").asDouble()).isEqualTo(5.0);
  }

  @Test
  void compareShowsTheLowerScalePointCostsMorePods() throws Exception {
    Run run =
        backtest(
            "--compare=" + files.resolve("b.yaml"),
            "--actual-replicas-query=sum(kube_deployment_status_replicas{namespace=\"hist\"})");
    assertThat(run.exit()).as(run.err()).isZero();
    Files.writeString(Path.of("target/backtest-compare.txt"), run.out());
    assertThat(run.out())
        .startsWith(
            "backtest of policy agents for hist/agents from "
                + BASE
                + " to "
                + END
                + " every 30s (121 steps)\n")
        .contains("a.yaml")
        .contains("b.yaml")
        .contains("actual")
        .contains("difference")
        .contains("gaps in the data (a.yaml):");
    JsonNode columns =
        json(backtest(
                "--compare=" + files.resolve("b.yaml"),
                "--actual-replicas-query=sum(kube_deployment_status_replicas{namespace=\"hist\"})",
                "--report=" + files.resolve("report.html"),
                "--output=json"))
            .get("columns");
    assertThat(columns)
        .extracting(c -> c.get("label").asString())
        .containsExactly("a.yaml", "b.yaml", "actual");
    double a = columns.get(0).get("summary").get("podHours").asDouble();
    double b = columns.get(1).get("summary").get("podHours").asDouble();
    assertThat(b).isGreaterThan(a);
    // and buys spare capacity: 3 pods leave 1.7 pods' worth below 0.7 at 0.9 load where 2 leave 0.7
    assertThat(columns.get(1).get("summary").get("shortSpareMinutes").asDouble())
        .isLessThan(columns.get(0).get("summary").get("shortSpareMinutes").asDouble());
    // 0.9 / 0.4 = 3 pods where 0.5 gives 2
    assertThat(
            stepAt(columns.get(1), BASE.plus(Duration.ofMinutes(10)))
                .get("desiredReplicas")
                .asInt())
        .isEqualTo(3);
    assertReportShowsIt(columns);
    // the actual deployment ran 3 pods throughout: 121 steps of 30 s
    assertThat(columns.get(2).get("summary").get("podHours").asDouble())
        .isCloseTo(3 * 121 * 30 / 3600.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(columns.get(2).get("summary").get("scaleEvents").asInt()).isZero();
  }

  /** The report, opened in a real headless Chromium: its charts drawn, its table the figures. */
  private void assertReportShowsIt(JsonNode columns) throws Exception {
    Path report = files.resolve("report.html");
    assertThat(Files.readString(report)).doesNotContain("src=\"http", "href=\"http");
    try (HeadlessChromium page = HeadlessChromium.open(report.toUri(), files)) {
      await("uPlot draws the charts")
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () ->
                  page.evaluate("document.querySelectorAll('.uplot canvas').length").asInt() == 2);
      JsonNode legend =
          page.evaluate(
              "[...document.querySelectorAll('.u-legend .u-series .u-label')].map(e =>"
                  + " e.textContent)");
      assertThat(legend)
          .extracting(JsonNode::asString)
          .contains(
              "a.yaml",
              "b.yaml",
              "actual",
              "a.yaml replicas",
              "b.yaml replicas",
              "actual replicas",
              "a.yaml desired");
      // every step of the window is on the replica chart
      assertThat(
              page.evaluate("document.querySelectorAll('.lk-chart')[1].lkPlot.data[0].length")
                  .asInt())
          .isEqualTo(121);
      JsonNode table =
          page.evaluate(
              "[...document.querySelectorAll('#summary tr')].slice(1).map(r =>"
                  + " [...r.cells].map(c => c.textContent))");
      assertThat(table.get(0).get(0).asString()).isEqualTo("pod-hours");
      for (int i = 0; i < 3; i++) {
        assertThat(table.get(0).get(i + 1).asDouble())
            .isCloseTo(
                columns.get(i).get("summary").get("podHours").asDouble(),
                org.assertj.core.data.Offset.offset(0.005));
      }
      assertThat(page.evaluate("document.querySelector('#gaps li').textContent").asString())
          .startsWith(
              BASE.plus(Duration.ofMinutes(30)) + " to " + BASE.plus(Duration.ofMinutes(35)));
      page.screenshotWholePage(
          Path.of(System.getProperty("lkscaler.screenshots", "target/screenshots"))
              .resolve("backtest-report.png"));
    }
  }

  @Test
  void aWindowInChunksGivesTheSameAnswerAsTheWholeWindow() {
    String whole = json(backtest("--output=json")).toString();
    String chunked = json(backtest("--output=json", "--chunk-steps=7")).toString();
    assertThat(chunked).isEqualTo(whole);
  }

  @Test
  void usageErrorsExitTwo() {
    Run badStep =
        Cli.run(
            "backtest",
            "--config=" + files.resolve("a.yaml"),
            "--policy=agents",
            "--namespace=hist",
            "--from=" + BASE,
            "--to=" + END,
            "--step=soon");
    assertThat(badStep.exit()).isEqualTo(2);
    assertThat(badStep.err())
        .isEqualTo("backtest: --step: expected a duration such as 30s or 1m. Found: soon\n");
    Run backwards =
        Cli.run(
            "backtest",
            "--config=" + files.resolve("a.yaml"),
            "--policy=agents",
            "--namespace=hist",
            "--from=" + END,
            "--to=" + BASE);
    assertThat(backwards.exit()).isEqualTo(2);
    assertThat(backwards.err())
        .isEqualTo(
            "backtest: to: expected a time at or after from (" + END + "). Found: " + BASE + "\n");
  }
}
