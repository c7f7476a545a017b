package dev.lkscaler.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Steps are {@code time:spec.replicas:active=replicas set}; active T, F or - (the call failed); -
 * sets nothing.
 */
class KedaActivationTest {
  @ParameterizedTest(name = "min {0}, cooldown {1}: {2}")
  @CsvSource({
    "0, 300, 0:0:T=1 10:3:T=- 200:3:F=- 310:3:F=- 325:3:F=0",
    // LastActiveTime.Add(cooldownPeriod).Before(now): 300 s after the last activity is not yet
    "0, 300, 0:3:T=- 300:3:F=- 315:3:F=0",
    "0, 300, 0:2:F=0",
    "0, 300, 0:0:-=- 1:2:-=- 2:0:F=-",
    "2, 300, 0:0:T=2 5:1:F=2 6:3:F=-",
    // with minReplicaCount 2 an active trigger below it is the HPA's to correct
    "2, 300, 0:1:T=- 400:3:F=-",
  })
  void steps(int minReplicaCount, double cooldown, String script) {
    assertThat(run(new KedaActivation(minReplicaCount, cooldown), script)).isEqualTo(script);
  }

  /**
   * With idleReplicaCount, initialCooldownPeriod, the ScaledObject's creation time, and whether a
   * failure holds (false with fallback.replicas 0).
   */
  @ParameterizedTest(name = "min {0}, idle {1}, initial cooldown {3}, created {4}: {6}")
  @CsvSource({
    // idle mode: active below minReplicaCount scales to it, inactive goes to idleReplicaCount
    "2, 0, 300, 0, 0, true, 0:0:T=2 10:1:T=2 20:3:T=- 321:3:F=0",
    "3, 1, 300, 0, 0, true, 0:3:T=- 301:3:F=1 302:1:F=- 303:0:F=-",
    // never active: initialCooldownPeriod after creation, strictly
    "0, -, 300, 60, 0, true, 30:2:F=- 60:2:F=- 61:2:F=0",
    "0, -, 300, 0, 0, true, 0:2:F=- 1:2:F=0",
    // fallback.replicas 0: a failure counts as inactive, so the target goes to 0 after cooldown
    "0, -, 300, 0, 0, false, 0:2:T=- 200:2:-=- 301:2:-=0",
    "2, -, 300, 0, 0, false, 0:1:-=2",
  })
  void stepsWith(
      int minReplicaCount,
      String idle,
      double cooldown,
      double initialCooldown,
      double createdAt,
      boolean failuresHold,
      String script) {
    KedaActivation keda =
        new KedaActivation(
            new KedaActivation.Settings(
                minReplicaCount,
                idle.equals("-") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(idle)),
                cooldown,
                initialCooldown,
                createdAt,
                failuresHold));
    assertThat(run(keda, script)).isEqualTo(script);
  }

  private static String run(KedaActivation keda, String script) {
    List<String> actual = new ArrayList<>();
    for (String step : script.split(" ")) {
      String[] parts = step.split("[:=]");
      Optional<Boolean> active =
          switch (parts[2]) {
            case "T" -> Optional.of(true);
            case "F" -> Optional.of(false);
            default -> Optional.empty();
          };
      OptionalInt set =
          keda.check(Double.parseDouble(parts[0]), Integer.parseInt(parts[1]), active);
      actual.add(
          parts[0]
              + ":"
              + parts[1]
              + ":"
              + parts[2]
              + "="
              + (set.isPresent() ? set.getAsInt() : "-"));
    }
    return String.join(" ", actual);
  }
}
