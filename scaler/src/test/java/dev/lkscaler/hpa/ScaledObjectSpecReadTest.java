package dev.lkscaler.hpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScaledObjectSpecReadTest {
  private static final Map<String, Object> EXTERNAL = Map.of("type", "external");

  @Test
  void whatTheSpecLeavesOutTakesKedasDefaultsAndNoBehavior() {
    assertThat(
            ScaledObjectSpec.fromSpec(
                Map.of("scaleTargetRef", Map.of("name", "x"), "triggers", List.of(EXTERNAL))))
        .isEqualTo(
            new ScaledObjectSpec(
                0,
                100,
                OptionalInt.empty(),
                30,
                300,
                0,
                Optional.empty(),
                new ScaledObjectSpec.Trigger("external", "AverageValue"),
                Optional.empty()));
  }

  @Test
  void aBehaviorTakesTheApiServersDefaultsForWhatItLeavesOut() {
    ScaledObjectSpec spec =
        ScaledObjectSpec.fromSpec(
            Map.of(
                "advanced",
                Map.of(
                    "horizontalPodAutoscalerConfig",
                    Map.of(
                        "behavior",
                        Map.of(
                            "scaleDown",
                            Map.of(
                                "policies",
                                List.of(Map.of("type", "Pods", "value", 1, "periodSeconds", 60)),
                                "tolerance",
                                "50m")))),
                "triggers",
                List.of(EXTERNAL)));
    assertThat(spec.behavior())
        .contains(
            new Behavior(
                Behavior.kubernetesDefault().scaleUp(),
                new ScalingRules(
                    300,
                    ScalingRules.Select.MAX,
                    List.of(ScalingPolicy.pods(1, 60)),
                    OptionalDouble.of(0.05))));
  }

  @Test
  void aFallbackWithoutBehaviorIsStatic() {
    ScaledObjectSpec spec =
        ScaledObjectSpec.fromSpec(
            Map.of(
                "fallback",
                Map.of("failureThreshold", 3, "replicas", 6),
                "idleReplicaCount",
                0,
                "triggers",
                List.of(Map.of("type", "external-push", "metricType", "Value"))));
    assertThat(spec.fallback()).contains(new Fallback(3, 6, Fallback.Mode.STATIC));
    assertThat(spec.idleReplicaCount()).hasValue(0);
    assertThat(spec.trigger().push()).isTrue();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "prometheus | triggers[0].type: expected external or external-push. Found: prometheus",
        "- | triggers: expected a list of one trigger. Found: 2 triggers",
      })
  void badTriggersAreNamed(String type, String message) {
    List<Map<String, Object>> triggers =
        type.equals("-") ? List.of(EXTERNAL, EXTERNAL) : List.of(Map.of("type", type));
    assertThatThrownBy(() -> ScaledObjectSpec.fromSpec(Map.of("triggers", triggers)))
        .hasMessage(message);
  }

  @Test
  void aBadFallbackIsNamed() {
    assertThatThrownBy(
            () ->
                ScaledObjectSpec.fromSpec(
                    Map.of(
                        "fallback",
                        Map.of(
                            "failureThreshold", 3, "replicas", 2, "behavior", "scalingModifiers"),
                        "triggers",
                        List.of(EXTERNAL))))
        .hasMessage(
            "fallback.behavior: expected static, currentReplicas, currentReplicasIfHigher or"
                + " currentReplicasIfLower. Found: scalingModifiers");
    assertThatThrownBy(
            () ->
                ScaledObjectSpec.fromSpec(
                    Map.of("fallback", Map.of("replicas", 2), "triggers", List.of(EXTERNAL))))
        .hasMessage("fallback.failureThreshold: expected an integer. Found: nothing");
  }

  @Test
  void aScaledObjectReadsBackAsWritten() {
    ScaledObjectSpec spec =
        new ScaledObjectSpec(
            1,
            7,
            OptionalInt.of(0),
            15,
            300,
            60,
            Optional.of(
                new Behavior(
                    Behavior.kubernetesDefault().scaleUp(),
                    new ScalingRules(
                        600,
                        ScalingRules.Select.MIN,
                        List.of(ScalingPolicy.pods(1, 120)),
                        OptionalDouble.of(0.05)))),
            new ScaledObjectSpec.Trigger("external-push", "AverageValue"),
            Optional.of(new Fallback(3, 2, Fallback.Mode.CURRENT_REPLICAS_IF_HIGHER)));
    assertThat(ScaledObjectSpec.fromSpec(spec.toSpec("agents", "127.0.0.1:9090", "agents")))
        .isEqualTo(spec);
  }
}
