package dev.lkscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "250ms, 250",
    "5s, 5000",
    "2m, 120000",
    "1h, 3600000",
    "1h30m, 5400000",
    "1d, 86400000",
    "0s, 0",
    "1w, 604800000"
  })
  void parsesPrometheusDurations(String text, long millis) {
    assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "5", "s", "5 s", "-5s", "1.5s", "5S", "PT5S", "5sec", "99999999999999999999s"})
  void refusesOtherText(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"0, 0s", "250, 250ms", "5000, 5s", "120000, 2m", "5400000, 1h30m", "2900, 2s900ms"})
  void formatsAsPrometheusDoes(long millis, String text) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
  }
}
