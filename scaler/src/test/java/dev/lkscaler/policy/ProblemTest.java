package dev.lkscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProblemTest {
  @Test
  void hasClientJavasShape() {
    assertThat(Problem.at("cache.ttl", "a duration > 0s", "0s"))
        .isEqualTo("cache.ttl: expected a duration > 0s. Found: 0s");
  }

  static Stream<Arguments> describesWhatWasFound() {
    return Stream.of(
        Arguments.of(null, "nothing", "nothing"),
        Arguments.of("ab", "\"ab\"", "a value"),
        Arguments.of("a\"b\\c\nd", "\"a\\\"b\\\\c\\nd\"", "a value"),
        Arguments.of("x".repeat(81), "\"" + "x".repeat(80) + "...\"", "a value"),
        Arguments.of(2.0, "2", "a number"),
        Arguments.of(1.5, "1.5", "a number"),
        Arguments.of(Double.NaN, "NaN", "a number"),
        Arguments.of(12345678901L, "12345678901", "a number"),
        Arguments.of(true, "true", "a boolean"),
        Arguments.of(Map.of("a", 1), "a mapping", "a mapping"),
        Arguments.of(List.of(1), "a list", "a list"),
        Arguments.of(new byte[] {1}, "byte[]", "a value"));
  }

  @ParameterizedTest
  @MethodSource
  void describesWhatWasFound(Object value, String described, String kind) {
    assertThat(Problem.describe(value))
        .as(Arrays.deepToString(new Object[] {value}))
        .isEqualTo(described);
    assertThat(Problem.kind(value)).isEqualTo(kind);
  }
}
