package dev.lkscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryTemplateTest {
  private static final QueryTemplate TEMPLATE =
      QueryTemplate.parse("sum(x{namespace=\"{{namespace}}\", app=\"{{ app }}\"}) / {{namespace}}")
          .template();

  @ParameterizedTest
  @CsvSource({
    "livekit, agents, 'sum(x{namespace=\"livekit\", app=\"agents\"}) / livekit'",
    "a.b-c, A_b.9, 'sum(x{namespace=\"a.b-c\", app=\"A_b.9\"}) / a.b-c'",
  })
  void substitutesValidValues(String namespace, String app, String expected) {
    assertThat(TEMPLATE.expand(Map.of("namespace", namespace, "app", app))).isEqualTo(expected);
    assertThat(TEMPLATE.variables()).containsExactly("namespace", "app");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x\"} or vector(1000) or x{a=\"",
        "x\\\"",
        "a b",
        "a}",
        "{a",
        "",
        "-a",
        "a-",
        "line\nbreak",
        "é",
        "a|b",
        "a=~b",
      })
  void refusesAnythingThatCouldChangeTheQuery(String value) {
    assertThatThrownBy(() -> TEMPLATE.expand(Map.of("namespace", "ok", "app", value)))
        .isInstanceOfSatisfying(
            TemplateException.class,
            e -> {
              assertThat(e.variable()).isEqualTo("app");
              assertThat(e.getMessage())
                  .startsWith(
                      "{{app}}: expected a Kubernetes name or label value (letters, digits, '-', '_', '.'). Found: \"");
            });
  }

  @ParameterizedTest
  @ValueSource(ints = {63, 253})
  void acceptsTheLongestNames(int length) {
    String value = "a".repeat(length);
    assertThat(QueryTemplate.checkValue(value)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {254})
  void refusesLongerNames(int length) {
    assertThat(QueryTemplate.checkValue("a".repeat(length))).isPresent();
    // upper case is a label value (<= 63) but not a name
    assertThat(QueryTemplate.checkValue("A".repeat(64))).isPresent();
  }

  @ParameterizedTest
  @CsvSource({"namespace", "app"})
  void aMissingValueIsNamed(String missing) {
    Map<String, String> values = new java.util.HashMap<>(Map.of("namespace", "n", "app", "a"));
    values.remove(missing);
    assertThatThrownBy(() -> TEMPLATE.expand(values))
        .isInstanceOfSatisfying(
            TemplateException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo("{{" + missing + "}}: expected a value. Found: none"));
  }
}
