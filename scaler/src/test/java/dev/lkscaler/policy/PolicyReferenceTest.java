package dev.lkscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** docs/policy.md must name every key the parser takes, with the default the code uses. */
class PolicyReferenceTest {
  private static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry("prometheus.timeout", duration(Defaults.PROMETHEUS_TIMEOUT)),
          Map.entry("cache.ttl", duration(Defaults.CACHE_TTL)),
          Map.entry("cache.lastKnownGoodFor", duration(Defaults.LAST_KNOWN_GOOD_FOR)),
          Map.entry("policies.<name>.minReplicas", "`" + Defaults.MIN_REPLICAS + "`"),
          Map.entry("policies.<name>.maxReplicas", "`" + Defaults.MAX_REPLICAS + "`"),
          Map.entry("policies.<name>.activation.threshold", number(Defaults.ACTIVATION_THRESHOLD)),
          Map.entry("policies.<name>.signals[].onEmpty", "`" + Defaults.ON_EMPTY.key() + "`"),
          Map.entry("policies.<name>.signals[].scaleUpAt", number(Defaults.SCALE_UP_AT)),
          Map.entry("policies.<name>.signals[].outOfServiceAt", number(Defaults.OUT_OF_SERVICE_AT)),
          Map.entry("policies.<name>.signals[].minAvailable", "`" + Defaults.MIN_AVAILABLE + "`"),
          Map.entry(
              "policies.<name>.signals[].targetUtilization", number(Defaults.TARGET_UTILIZATION)),
          Map.entry("policies.<name>.signals[].minIdle", "`" + Defaults.MIN_IDLE + "`"));

  private static String duration(Duration duration) {
    return "`" + Durations.format(duration) + "`";
  }

  private static String number(double value) {
    return "`"
        + (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value))
        + "`";
  }

  @Test
  void everyKeyIsDocumentedWithItsDefault() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "policy.md"));
    for (String key : PolicyParser.documentedKeys()) {
      Optional<String> row =
          doc.lines().filter(line -> line.startsWith("| `" + key + "` |")).findFirst();
      assertThat(row).as("a row for %s in docs/policy.md", key).isPresent();
      String[] cells = row.get().split("\\|");
      String defaultCell = cells[3].strip();
      if (DEFAULTS.containsKey(key)) {
        assertThat(defaultCell).as("default of %s", key).isEqualTo(DEFAULTS.get(key));
      } else {
        assertThat(defaultCell).as("default of %s", key).isIn("required", "none", "`{}`", "`\"\"`");
      }
    }
  }
}
