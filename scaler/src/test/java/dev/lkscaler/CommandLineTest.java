package dev.lkscaler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.testing.Cli;
import dev.lkscaler.testing.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {
  @TempDir Path dir;

  private static Run run(String... args) {
    return Cli.run(args);
  }

  @Test
  void validateAcceptsTheShippedPolicy() {
    Run run = run("validate", "../deploy/policy.yaml");
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "../deploy/policy.yaml: valid, 5 policies: agents, egress, ingress, livekit-server, sip\n");
  }

  @Test
  void validatePrintsEveryErrorWithItsPathAndExitsOne() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        """
        prometheus: {url: http://p:9090, timeout: 5s}
        policies:
          agents:
            signals:
              - {name: cpu, type: utilization, query: q, scaleUpAt: 0.9, outOfServiceAt: 0.7}
        """);
    Run run = run("validate", file.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            file
                + ": prometheus.timeout: expected a duration in (0s, 3s) to stay below KEDA's deadline. Found: 5s\n"
                + file
                + ": policies.agents.signals[0].scaleUpAt: expected a number in (0, outOfServiceAt). Found: 0.9\n"
                + file
                + ": 2 errors\n");
  }

  @Test
  void validateReportsAMissingFile() {
    Run run = run("validate", dir.resolve("absent.yaml").toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith(dir.resolve("absent.yaml") + ": cannot read: ");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "--config p.yaml --policy-configmap ns/cm | Error: --config=FILE, --policy-configmap=NAMESPACE/NAME are mutually exclusive",
        "--grpc-port 0 | Error: Missing required argument (specify one of these): (--config=FILE | --policy-configmap=NAMESPACE/NAME)",
        "--policy-configmap livekit | --policy-configmap: expected NAMESPACE/NAME. Found: livekit",
        "--policy-configmap /cm | --policy-configmap: expected NAMESPACE/NAME. Found: /cm",
        "--config p.yaml --policy-key k | --policy-key: only goes with --policy-configmap",
        "--config p.yaml --kubernetes maybe | --kubernetes: expected auto, on or off. Found: maybe",
        "--policy-configmap ns/cm --kubernetes off | --policy-configmap needs the Kubernetes API: drop --kubernetes off",
        "--config p.yaml --shutdown-grace soon | --shutdown-grace: expected a duration such as 25s. Found: soon",
      })
  void serveRefusesBadOptionsBeforeOpeningAnyPort(String options, String error) {
    String[] args = ("serve " + options).split(" ");
    Run run = run(args);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith(error);
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve", "validate"})
  void eachCommandHasHelp(String command) {
    Run run = run(command, "--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("Usage: lkscaler " + command);
  }

  @Test
  void aMissingCommandIsAUsageError() {
    Run run = run();
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Missing command: serve, validate, explain or backtest");
  }
}
