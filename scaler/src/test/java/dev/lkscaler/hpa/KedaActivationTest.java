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
  @ParameterizedTest(name = "min {0}: {2}")
  @CsvSource({
    "0, 300, 0:0:T=1 10:3:T=- 200:3:F=- 309:3:F=- 310:3:F=0",
    "0, 300, 0:2:F=0",
    "0, 300, 0:0:-=- 1:2:-=- 2:0:F=-",
    "2, 300, 0:0:T=2 5:1:F=2 6:3:F=-",
  })
  void steps(int minReplicaCount, double cooldown, String script) {
    KedaActivation keda = new KedaActivation(minReplicaCount, cooldown);
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
    assertThat(String.join(" ", actual)).isEqualTo(script);
  }
}
