package dev.lkscaler.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HPA's reconcile with behaviors, as tables. Each step is {@code time:current:proposal=result}:
 * at that time, with that spec.replicas and the metric's proposal ({@code -} when it failed), the
 * HPA runs {@code result} replicas.
 */
class HorizontalAutoscalerTest {
  private static Behavior downRules(ScalingRules.Select select) {
    return new Behavior(
        Behavior.kubernetesDefault().scaleUp(),
        new ScalingRules(
            0, select, List.of(ScalingPolicy.pods(1, 60), ScalingPolicy.percent(50, 60))));
  }

  private static final ScalingRules SHIPPED_UP =
      new ScalingRules(
          0,
          ScalingRules.Select.MAX,
          List.of(ScalingPolicy.percent(100, 15), ScalingPolicy.pods(4, 15)));

  /** The agents and egress ScaledObjects of deploy/examples. */
  static final Behavior AGENTS =
      new Behavior(
          SHIPPED_UP,
          new ScalingRules(300, ScalingRules.Select.MIN, List.of(ScalingPolicy.pods(1, 60))));

  /** The sip, ingress and livekit-server ScaledObjects of deploy/examples. */
  static final Behavior SIP =
      new Behavior(
          SHIPPED_UP,
          new ScalingRules(600, ScalingRules.Select.MIN, List.of(ScalingPolicy.pods(1, 120))));

  static Stream<Arguments> steps() {
    Behavior agents = AGENTS;
    Behavior sip = SIP;
    Behavior defaults = Behavior.kubernetesDefault();
    Behavior noScaleUp =
        new Behavior(
            new ScalingRules(0, ScalingRules.Select.DISABLED, List.of(ScalingPolicy.pods(4, 15))),
            defaults.scaleDown());
    return Stream.of(
        Arguments.of(
            "scale-up adds the larger of 100 % and 4 pods per 15 s",
            agents, 1, 100, "0:2:20=6 15:6:20=12 20:12:20=12 30:12:20=20"),
        Arguments.of(
            "scale-down waits out the 300 s window, then 1 pod per 60 s",
            agents,
            1,
            100,
            "0:10:4=10 150:10:4=10 300:10:4=9 330:9:4=9 360:9:4=8"),
        Arguments.of(
            "a higher proposal inside the window holds the count",
            agents,
            1,
            100,
            "0:10:8=10 200:10:10=10 310:10:8=10 510:10:8=9"),
        Arguments.of(
            "a failed metric holds and leaves no recommendation behind",
            agents,
            1,
            100,
            "0:5:3=5 200:5:-=5 400:5:3=4"),
        Arguments.of(
            "below minReplicas or above maxReplicas goes to the bound at once",
            agents,
            2,
            6,
            "0:1:1=2 10:9:9=6 20:6:20=6"),
        Arguments.of(
            "at 0 replicas with minReplicas 1 the HPA does nothing", agents, 1, 100, "0:0:5=0"),
        Arguments.of(
            "sip waits 600 s and removes 1 pod per 120 s",
            sip,
            1,
            20,
            "0:6:2=6 599:6:2=6 601:6:2=5 700:5:2=5 722:5:2=4"),
        Arguments.of(
            "Kubernetes' default scales down by up to 100 % after 300 s",
            defaults, 1, 100, "0:10:2=10 301:10:2=2"),
        Arguments.of(
            "Kubernetes' default scale-up: 4 pods beat 100 % of 1",
            defaults, 1, 100, "0:1:10=5 15:5:10=10"),
        Arguments.of(
            "selectPolicy Min on scale-down takes the smallest change",
            downRules(ScalingRules.Select.MIN),
            1,
            100,
            "0:10:2=9"),
        Arguments.of(
            "selectPolicy Max on scale-down takes the largest change",
            downRules(ScalingRules.Select.MAX),
            1,
            100,
            "0:10:2=5"),
        Arguments.of("selectPolicy Disabled stops scale-up", noScaleUp, 1, 100, "0:3:10=3"),
        Arguments.of(
            "a scale-down inside the period counts: 100 % of the 10 at its start",
            agents, 1, 100, "0:10:10=10 400:10:2=9 405:9:30=20"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void steps(String description, Behavior behavior, int min, int max, String script) {
    HorizontalAutoscaler hpa = new HorizontalAutoscaler(behavior, min, max);
    List<String> actual = new ArrayList<>();
    for (String step : script.split(" ")) {
      String[] parts = step.split("[:=]");
      double t = Double.parseDouble(parts[0]);
      int current = Integer.parseInt(parts[1]);
      OptionalInt proposal =
          parts[2].equals("-") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(parts[2]));
      HorizontalAutoscaler.Result result = hpa.sync(t, current, proposal);
      assertThat(result.rescaled()).isEqualTo(result.replicas() != current);
      actual.add(parts[0] + ":" + parts[1] + ":" + parts[2] + "=" + result.replicas());
    }
    assertThat(String.join(" ", actual)).isEqualTo(script);
  }
}
