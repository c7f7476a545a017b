package dev.lkscaler.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lkscaler.testing.Cli;
import dev.lkscaler.testing.Cli.Run;
import dev.lkscaler.testing.HeadlessChromium;
import dev.lkscaler.testing.RealPrometheus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The walk-through of docs/tuning.md, run as written on the shipped history (docs/examples/tuning):
 * the backtest's table and explain's output must be the ones the page shows, and the report's
 * screenshot is the page's.
 */
class TuningWalkthroughIT {
  private static final Path EXAMPLES = Path.of("..", "docs", "examples", "tuning");
  private static final Path DOC = Path.of("..", "docs", "tuning.md");

  @TempDir Path dir;

  /** The fenced block that follows {@code <!-- name -->} in docs/tuning.md. */
  private static String documented(String name) throws Exception {
    Matcher block =
        Pattern.compile(
                "<!-- " + Pattern.quote(name) + " -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(DOC));
    assertThat(block.find()).as("a block marked " + name + " in docs/tuning.md").isTrue();
    return block.group(1);
  }

  /** A copy of a shipped policy that asks the test's Prometheus. */
  private Path policy(String name, RealPrometheus prometheus) throws Exception {
    Path copy = dir.resolve(name);
    Files.writeString(
        copy,
        Files.readString(EXAMPLES.resolve(name))
            .replace("url: http://127.0.0.1:9090", "url: " + prometheus.url()));
    return copy;
  }

  @Test
  void theWalkthroughGivesWhatThePageShows() throws Exception {
    try (RealPrometheus prometheus =
        RealPrometheus.withHistory(Files.readString(EXAMPLES.resolve("agents-history.om")))) {
      Path before = policy("policy.yaml", prometheus);
      Path after = policy("policy-tuned.yaml", prometheus);
      Path report = dir.resolve("report.html");
      String[] backtest = {
        "backtest",
        "--config=" + before,
        "--policy=agents",
        "--namespace=livekit",
        "--name=agents",
        "--from=2026-11-30T08:00:00Z",
        "--to=2026-11-30T14:00:00Z",
        "--scaledobject=../deploy/examples/agents.yaml",
        "--compare=" + after,
        "--compare-scaledobject=" + EXAMPLES.resolve("agents-fast.yaml"),
        "--actual-replicas-query=sum(kube_deployment_status_replicas{namespace=\"livekit\","
            + " deployment=\"agent-worker\"})",
        "--report=" + report
      };
      Run table = Cli.run(backtest);
      assertThat(table.exit()).as(table.err()).isZero();
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target", "walkthrough-backtest.txt"), table.out());
      assertThat(table.out()).isEqualTo(documented("walkthrough-backtest"));

      try (HeadlessChromium page = HeadlessChromium.open(report.toUri(), dir)) {
        await("the report's charts")
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () ->
                    page.evaluate("document.querySelectorAll('.uplot canvas').length").asInt()
                        == 2);
        page.screenshotWholePage(
            Path.of(System.getProperty("lkscaler.screenshots", "target/screenshots"))
                .resolve("tuning-report.png"));
      }

      // the faster scale-down alone
      String[] alone = backtest.clone();
      alone[8] = "--compare=" + before;
      alone[11] = "--report=" + dir.resolve("alone.html");
      Run aloneTable = Cli.run(alone);
      assertThat(aloneTable.exit()).as(aloneTable.err()).isZero();
      Files.writeString(Path.of("target", "walkthrough-alone.txt"), aloneTable.out());
      assertThat(aloneTable.out()).isEqualTo(documented("walkthrough-alone"));

      // explain the tuned policy at 10:30 with the replicas the backtest's step saw
      String[] json = java.util.Arrays.copyOf(backtest, backtest.length + 1);
      json[json.length - 1] = "--output=json";
      JsonNode steps =
          JsonMapper.builder()
              .build()
              .readTree(Cli.run(json).out())
              .get("columns")
              .get(1)
              .get("steps");
      JsonNode step = null;
      for (JsonNode s : steps) {
        if (s.get("at").asString().equals("2026-11-30T10:30:00Z")) {
          step = s;
        }
      }
      assertThat(step).isNotNull();
      Matcher documentedReplicas =
          Pattern.compile("--at 2026-11-30T10:30:00Z --replicas (\\d+)")
              .matcher(Files.readString(DOC));
      assertThat(documentedReplicas.find()).isTrue();
      assertThat(documentedReplicas.group(1))
          .as("the replicas the documented explain passes are the backtest step's")
          .isEqualTo(step.get("targetReplicas").asString());
      Run explained =
          Cli.run(
              "explain",
              "--config=" + after,
              "--policy=agents",
              "--namespace=livekit",
              "--name=agents",
              "--at=2026-11-30T10:30:00Z",
              "--replicas=" + step.get("targetReplicas").asInt());
      assertThat(explained.exit()).as(explained.err()).isZero();
      Files.writeString(Path.of("target", "walkthrough-explain.txt"), explained.out());
      assertThat(explained.out()).isEqualTo(documented("walkthrough-explain"));
      assertThat(explained.out()).contains("reason: " + step.get("reason").asString() + "\n");
    }
  }
}
