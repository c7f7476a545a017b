package dev.lkscaler.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HPA's reconcile, as tables. Each step is {@code time:current:proposal=result}: at that time,
 * with that spec.replicas and the metric's proposal ({@code -} when it failed), the HPA runs {@code
 * result} replicas. Rows named "docs, ..." are the examples of the Kubernetes HPA concept page.
 */
class HorizontalAutoscalerTest {
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

  private static final Behavior DEFAULTS = Behavior.kubernetesDefault();

  private static Optional<Behavior> scaleDown(
      int window, ScalingRules.Select select, ScalingPolicy... policies) {
    return Optional.of(
        new Behavior(DEFAULTS.scaleUp(), new ScalingRules(window, select, List.of(policies))));
  }

  private static Optional<Behavior> scaleUp(ScalingRules.Select select, ScalingPolicy... policies) {
    return Optional.of(
        new Behavior(new ScalingRules(0, select, List.of(policies)), DEFAULTS.scaleDown()));
  }

  static Stream<Arguments> steps() {
    Optional<Behavior> agents = Optional.of(AGENTS);
    Optional<Behavior> sip = Optional.of(SIP);
    Optional<Behavior> defaults = Optional.of(DEFAULTS);
    Optional<Behavior> none = Optional.empty();
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
            "docs, Default behavior: scale down by up to 100 % after 300 s",
            defaults, 1, 100, "0:10:2=10 301:10:2=2"),
        Arguments.of(
            "docs, Default behavior: scale up by 4 pods or 100 %, whichever is more, per 15 s",
            defaults, 1, 100, "0:1:10=5 15:5:10=10"),
        Arguments.of(
            "selectPolicy Min on scale-down takes the smallest change",
            scaleDown(
                0,
                ScalingRules.Select.MIN,
                ScalingPolicy.pods(1, 60),
                ScalingPolicy.percent(50, 60)),
            1,
            100,
            "0:10:2=9"),
        Arguments.of(
            "selectPolicy Max on scale-down takes the largest change",
            scaleDown(
                0,
                ScalingRules.Select.MAX,
                ScalingPolicy.pods(1, 60),
                ScalingPolicy.percent(50, 60)),
            1,
            100,
            "0:10:2=5"),
        Arguments.of(
            "selectPolicy Disabled stops scale-up",
            scaleUp(ScalingRules.Select.DISABLED, ScalingPolicy.pods(4, 15)),
            1,
            100,
            "0:3:10=3"),
        Arguments.of(
            "selectPolicy Min on scale-up takes the smallest change",
            scaleUp(
                ScalingRules.Select.MIN, ScalingPolicy.percent(100, 15), ScalingPolicy.pods(4, 15)),
            1,
            100,
            "0:2:40=4 15:4:40=8 30:8:40=12"),
        Arguments.of(
            "a scale-down inside the period counts: 100 % of the 10 at its start",
            agents, 1, 100, "0:10:10=10 400:10:2=9 405:9:30=20"),
        // Scaling policies: Pods 4 and Percent 10 per 60 s take the larger change; 10 % of 72 is
        // 7.2, which removes 8; below 40 replicas the Pods policy removes 4 at a time
        Arguments.of(
            "docs, Scaling policies: 80 replicas down to 10, Pods 4 or Percent 10 per 60 s",
            scaleDown(
                300,
                ScalingRules.Select.MAX,
                ScalingPolicy.pods(4, 60),
                ScalingPolicy.percent(10, 60)),
            1,
            100,
            "0:80:10=80 301:80:10=72 316:72:10=72 361:72:10=64 421:64:10=57 481:57:10=51"
                + " 541:51:10=45 601:45:10=40 661:40:10=36 721:36:10=32 781:32:10=28 841:28:10=24"
                + " 901:24:10=20 961:20:10=16 1021:16:10=12 1081:12:10=10"),
        Arguments.of(
            "docs, Example: limit scale down rate: at most 5 pods per 60 s with selectPolicy Min",
            scaleDown(
                300,
                ScalingRules.Select.MIN,
                ScalingPolicy.percent(10, 60),
                ScalingPolicy.pods(5, 60)),
            1,
            500,
            "0:400:100=400 301:400:100=395 316:395:100=395 361:395:100=390"),
        Arguments.of(
            "docs, Example: limit scale down rate: below 50 pods the 10 % policy is the smaller",
            scaleDown(
                300,
                ScalingRules.Select.MIN,
                ScalingPolicy.percent(10, 60),
                ScalingPolicy.pods(5, 60)),
            1,
            100,
            "0:30:1=30 301:30:1=27"),
        Arguments.of(
            "docs, Stabilization window: the highest recommendation of the past 300 s",
            scaleDown(300, ScalingRules.Select.MAX, ScalingPolicy.percent(100, 15)),
            1,
            100,
            "0:10:6=10 100:10:8=10 250:10:4=10 301:10:4=8 351:8:4=8 401:8:4=4"),
        Arguments.of(
            "docs, Example: change downscale stabilization window to 60 s",
            scaleDown(60, ScalingRules.Select.MAX, ScalingPolicy.percent(100, 15)),
            1,
            100,
            "0:10:2=10 59:10:2=10 61:10:2=2"),
        Arguments.of(
            "docs, Example: disable scale down",
            scaleDown(300, ScalingRules.Select.DISABLED, ScalingPolicy.percent(100, 15)),
            1,
            100,
            "0:10:2=10 301:10:2=10 1000:10:2=10"),
        // Without a behavior (LiveKit's chart): the highest recommendation of the last 300 s, even
        // above the current count, and at most max(2 x current, 4) per sync
        Arguments.of(
            "no behavior: the window's highest recommendation, at most doubling",
            none,
            1,
            100,
            "0:2:10=4 15:4:3=8 30:8:3=10"),
        Arguments.of("no behavior: from 1 pod, 4 at once", none, 1, 100, "0:1:10=4 15:4:10=8"),
        Arguments.of(
            "no behavior: the window keeps its edge, then down to the proposal at once",
            none,
            1,
            100,
            "0:10:2=10 300:10:2=10 315:10:2=2"),
        Arguments.of(
            "no behavior: bounded by maxReplicas and minReplicas",
            none,
            2,
            6,
            "0:4:20=6 301:6:1=2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void steps(String description, Optional<Behavior> behavior, int min, int max, String script) {
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

  /** tolerancesForHpa: a direction's own tolerance, else the controller's 0.1. */
  @ParameterizedTest(name = "{0}")
  @MethodSource
  void tolerances(String description, Optional<Behavior> behavior, Tolerances expected) {
    assertThat(new HorizontalAutoscaler(behavior, 1, 10).tolerances()).isEqualTo(expected);
  }

  static Stream<Arguments> tolerances() {
    ScalingRules tight =
        new ScalingRules(
            0,
            ScalingRules.Select.MAX,
            List.of(ScalingPolicy.pods(4, 15)),
            java.util.OptionalDouble.of(0.02));
    return Stream.of(
        Arguments.of("no behavior", Optional.empty(), new Tolerances(0.1, 0.1)),
        Arguments.of("default rules", Optional.of(DEFAULTS), new Tolerances(0.1, 0.1)),
        Arguments.of(
            "scale-up's own",
            Optional.of(new Behavior(tight, DEFAULTS.scaleDown())),
            new Tolerances(0.1, 0.02)));
  }
}
