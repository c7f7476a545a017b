package dev.lkscaler.hpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Rows computed by hand from Kubernetes' HPA and KEDA's rules, stabilization included. */
class ScaledObjectReplayTest {
  private static ScaledObjectSpec spec(int min, int max, Optional<Behavior> behavior) {
    return new ScaledObjectSpec(
        min,
        max,
        OptionalInt.empty(),
        30,
        300,
        0,
        behavior,
        new ScaledObjectSpec.Trigger(
            ScaledObjectSpec.Trigger.EXTERNAL, ScaledObjectSpec.Trigger.AVERAGE_VALUE),
        Optional.empty());
  }

  private static Optional<KedaFallback.Answer> says(int desired) {
    return Optional.of(new KedaFallback.Answer(desired, desired > 0));
  }

  @Test
  void noBehaviorDoublesAtMostAndHoldsTheHighestOfFiveMinutesDown() {
    ScaledObjectReplay replay = new ScaledObjectReplay(spec(1, 10, Optional.empty()), 0, 2);
    // sync at 0: 6 asked, at most max(2 x 2, 4) = 4; at 15: 6
    assertThat(replay.advance(1, says(6))).isEqualTo(4);
    assertThat(replay.advance(30, says(6))).isEqualTo(6);
    // 3 asked from 30 s; the 6 recommended at 15 s stands through the sync at 315 s, its edge
    assertThat(replay.advance(316, says(3))).isEqualTo(6);
    assertThat(replay.advance(331, says(3))).isEqualTo(3);
    // UNAVAILABLE without a fallback: KEDA and the HPA hold
    assertThat(replay.advance(900, Optional.empty())).isEqualTo(3);
    // above maxReplicaCount: the ScaledObject's bound
    assertThat(replay.advance(901, says(40))).isEqualTo(6);
    assertThat(replay.advance(916, says(40))).isEqualTo(10);
  }

  @Test
  void aBehaviorWithAShortWindowAndAPercentStep() {
    Behavior behavior =
        new Behavior(
            new ScalingRules(
                0,
                ScalingRules.Select.MAX,
                java.util.List.of(new ScalingPolicy(ScalingPolicy.Type.PODS, 100, 15)),
                OptionalDouble.empty()),
            new ScalingRules(
                60,
                ScalingRules.Select.MAX,
                java.util.List.of(new ScalingPolicy(ScalingPolicy.Type.PERCENT, 50, 60)),
                OptionalDouble.empty()));
    ScaledObjectReplay replay = new ScaledObjectReplay(spec(1, 100, Optional.of(behavior)), 0, 20);
    // 20 -> 4 asked from 0 s; the initial recommendation (20 at 0 s) holds within the 60 s window,
    // its edge left out: the sync at 60 s may go down, by at most 50 % of 20 per 60 s
    assertThat(replay.advance(60, says(4))).isEqualTo(20);
    assertThat(replay.advance(61, says(4))).isEqualTo(10);
    // the next 50 % comes 60 s after the first step down
    assertThat(replay.advance(120, says(4))).isEqualTo(10);
    assertThat(replay.advance(121, says(4))).isEqualTo(5);
    assertThat(replay.advance(181, says(4))).isEqualTo(4);
  }

  @Test
  void inactiveGoesToZeroAfterTheCooldownAndActiveWakesIt() {
    ScaledObjectReplay replay = new ScaledObjectReplay(spec(0, 10, Optional.empty()), 0, 1);
    // never active: the first poll scales to 0 (no initial cooldown)
    assertThat(replay.advance(1, says(0))).isEqualTo(0);
    assertThat(replay.advance(600, says(0))).isEqualTo(0);
    // active at the poll at 600 s: 0 -> 1 by KEDA, then the HPA's sync at 600 s asks 3
    assertThat(replay.advance(601, says(3))).isEqualTo(3);
    // inactive again: the HPA holds the 3 of 600 s through its window, the edge at 900 s
    // included, then goes to its minimum of 1; KEDA waits cooldownPeriod (300 s) after the last
    // active poll (600 s), and its poll at 930 s scales to 0
    assertThat(replay.advance(901, says(0))).isEqualTo(3);
    assertThat(replay.advance(916, says(0))).isEqualTo(1);
    assertThat(replay.advance(931, says(0))).isEqualTo(0);
  }

  @Test
  void onlyAverageValueIsModelled() {
    ScaledObjectSpec value =
        new ScaledObjectSpec(
            1,
            10,
            OptionalInt.empty(),
            30,
            300,
            0,
            Optional.empty(),
            new ScaledObjectSpec.Trigger(ScaledObjectSpec.Trigger.EXTERNAL, "Value"),
            Optional.empty());
    assertThatThrownBy(() -> new ScaledObjectReplay(value, 0, 1))
        .hasMessage("triggers[0].metricType: the replay models AverageValue only. Found: Value");
  }
}
