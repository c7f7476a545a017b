package dev.lkscaler.sim.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.hpa.Fallback;
import dev.lkscaler.hpa.ScaledObjectSpec;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.sim.fleet.Component;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScaledObjectSpecTest {
  @ParameterizedTest
  @EnumSource(Component.class)
  void aScaledObjectReadsBackAsWritten(Component component) {
    ScaledObjectSpec spec = Autoscaling.scaledObject(component, 0, 7);
    Map<String, Object> map = spec.toSpec(component.id(), "127.0.0.1:9090", component.id());

    assertThat(ScaledObjectSpec.fromSpec(map)).isEqualTo(spec);
    assertThat(map).containsEntry("pollingInterval", 15).containsEntry("cooldownPeriod", 300);
  }

  @ParameterizedTest
  @EnumSource(Component.class)
  void boundsAreThoseOfTheShippedPolicy(Component component) throws Exception {
    // surefire runs in the module's directory; the jar's copy must be the file as it is now
    PolicySet shipped = PolicyParser.parse(Files.readString(Path.of("../deploy/policy.yaml")));
    var policy = shipped.policy(component.target()).orElseThrow();

    assertThat(SimPolicy.shipped().policy(component).minReplicas()).isEqualTo(policy.minReplicas());
    assertThat(SimPolicy.shipped().policy(component).maxReplicas()).isEqualTo(policy.maxReplicas());
  }

  @ParameterizedTest
  @EnumSource(Component.class)
  @SuppressWarnings("unchecked")
  void settingsAreThoseOfTheShippedExamples(Component component) throws Exception {
    Map<String, Object> example =
        (Map<String, Object>)
            new org.snakeyaml.engine.v2.api.Load(
                    org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
                .loadFromString(
                    Files.readString(
                        Path.of("../deploy/examples/" + component.target() + ".yaml")));
    Map<String, Object> spec = (Map<String, Object>) example.get("spec");
    ScaledObjectSpec shipped = ScaledObjectSpec.fromSpec(spec);
    Policy bounds = SimPolicy.shipped().policy(component);
    ScaledObjectSpec emulated =
        Autoscaling.scaledObject(component, bounds.minReplicas(), bounds.maxReplicas());

    assertThat(shipped).isEqualTo(emulated);
    // spelled out, as the emulator follows them: the agents (which may sit at 0) also keep
    // StreamIsActive open, the others poll only; KEDA's fallback on errors
    boolean push = component == Component.AGENTS;
    assertThat(emulated.trigger())
        .isEqualTo(
            new ScaledObjectSpec.Trigger(push ? "external-push" : "external", "AverageValue"));
    assertThat(emulated.trigger().push()).isEqualTo(push);
    assertThat(emulated.fallback())
        .hasValueSatisfying(
            f -> {
              assertThat(f.failureThreshold()).isEqualTo(3);
              assertThat(f.mode()).isEqualTo(Fallback.Mode.CURRENT_REPLICAS_IF_HIGHER);
            });
    assertThat(emulated.behavior()).isPresent();
  }
}
