package dev.lkscaler.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.plan.Replicas;
import dev.lkscaler.plan.SignalParts;
import dev.lkscaler.policy.Demand;
import dev.lkscaler.policy.Lookahead;
import dev.lkscaler.policy.OnEmpty;
import dev.lkscaler.policy.QueryTemplate;
import dev.lkscaler.policy.Signal;
import dev.lkscaler.policy.Starts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of docs/policy.md's "Lookahead" and "Demand", one row each: a signal, what its queries
 * return, and its count (with the spare pods, and without them) and reason.
 */
class DemandAndLookaheadTest {
  private static final Replicas UNTRACKED = new Replicas.Untracked();

  /** Two minutes of history, projected a minute ahead. */
  private static final Optional<Lookahead> MINUTE =
      Optional.of(
          new Lookahead(Duration.ofMinutes(2), Duration.ofSeconds(60), Duration.ofSeconds(15)));

  private static QueryTemplate q(String text) {
    return QueryTemplate.parse(text).template();
  }

  private static Signal.Utilization cpu(Optional<Demand> demand, Optional<Lookahead> lookahead) {
    return new Signal.Utilization("cpu", q("load"), OnEmpty.HOLD, 0.5, 0.7, 1, demand, lookahead);
  }

  /** Rooms wanted, jobs served, 8 jobs a worker at 0.5. */
  private static final Optional<Demand> ROOMS = Optional.of(new Demand(q("rooms"), q("jobs"), 8));

  private static final Signal.Capacity CALLS =
      new Signal.Capacity("calls", q("calls"), OnEmpty.HOLD, 10, 1, MINUTE);

  private static final Signal.Capacity HALF_CALLS =
      new Signal.Capacity("calls", q("calls"), OnEmpty.HOLD, 10, 0.5, MINUTE);

  private static final Signal.Headroom IDLE =
      new Signal.Headroom("idle", q("idle"), OnEmpty.HOLD, 1, MINUTE);

  /** {@code 0.9,0.8} a vector; {@code s130} a scalar; {@code ""} no series; {@code !} down. */
  static QueryResult result(String script) {
    if (script.equals("!")) {
      return new QueryResult.Failure(QueryResult.Cause.CONNECTION, "connection refused");
    }
    if (script.startsWith("s")) {
      return new QueryResult.Scalar(Double.parseDouble(script.substring(1)));
    }
    List<Double> values = new ArrayList<>();
    for (String value : script.isEmpty() ? new String[0] : script.split(",")) {
      values.add(Double.parseDouble(value));
    }
    return new QueryResult.Vector(values);
  }

  private static Optional<QueryResult> optional(String script) {
    return script == null ? Optional.empty() : Optional.of(result(script));
  }

  /** What a row's signal gives, as the row shows it: desired/needed and the reason, or no data. */
  private static String shown(SignalOutcome outcome) {
    if (outcome instanceof SignalOutcome.Measured measured) {
      return measured.desired() + "/" + measured.needed() + ": " + measured.reason();
    }
    return "no data: " + ((SignalOutcome.NoData) outcome).cause();
  }

  static Stream<Arguments> lookahead() {
    Signal.Utilization ahead = cpu(Optional.empty(), MINUTE);
    return Stream.of(
        Arguments.of(
            "a rise the headroom below outOfServiceAt covers adds nothing",
            ahead,
            "0.4,0.4,0.4,0.4",
            "0.01",
            "4/4: p/cpu: load 1.60 over 4 pods / 0.5 -> 4, trend +0.01/s x 1m -> 2.20 / 0.7 -> 4"
                + " (0 pods >= 0.7 out of service)"),
        Arguments.of(
            "a steeper rise asks for the pods that keep the projected load below outOfServiceAt",
            ahead,
            "0.4,0.4,0.4,0.4",
            "0.03",
            "5/5: p/cpu: load 1.60 over 4 pods / 0.5 -> 4, trend +0.03/s x 1m -> 3.40 / 0.7 -> 5"
                + " (0 pods >= 0.7 out of service)"),
        Arguments.of(
            "a falling trend never lowers the count below what the load needs",
            ahead,
            "0.4,0.4,0.4,0.4",
            "-0.02",
            "4/4: p/cpu: load 1.60 over 4 pods / 0.5 -> 4, trend -0.02/s: no rise"
                + " (0 pods >= 0.7 out of service)"),
        Arguments.of(
            "a flat trend adds nothing",
            ahead,
            "0.4,0.4,0.4,0.4",
            "0",
            "4/4: p/cpu: load 1.60 over 4 pods / 0.5 -> 4, trend +0/s: no rise"
                + " (0 pods >= 0.7 out of service)"),
        Arguments.of(
            "too little history is no lookahead, not no data",
            ahead,
            "0.4,0.4,0.4,0.4",
            "",
            "4/4: p/cpu: load 1.60 over 4 pods / 0.5 -> 4, no trend yet"
                + " (0 pods >= 0.7 out of service)"),
        Arguments.of(
            "a trend of NaN only is no trend",
            ahead,
            "0.4,0.4,0.4,0.4",
            "NaN",
            "4/4: p/cpu: load 1.60 over 4 pods / 0.5 -> 4, no trend yet"
                + " (0 pods >= 0.7 out of service)"),
        Arguments.of(
            "a failed trend query is no data, as any query of the plan",
            ahead,
            "0.4,0.4,0.4,0.4",
            "!",
            "no data: lookahead: connection refused"),
        Arguments.of(
            "the load's own empty rules come first",
            ahead,
            "",
            "0.01",
            "no data: query returned no series (onEmpty: hold)"),
        Arguments.of(
            "capacity: the projected load must fit in the full capacity",
            CALLS,
            "s20",
            "0.5",
            "5/5: p/calls: load 20 / (10 per replica x 1) -> 2, trend +0.5/s x 1m -> 50.00 / 10"
                + " per replica -> 5"),
        Arguments.of(
            "capacity: a rise that the targetUtilization's headroom covers adds nothing",
            HALF_CALLS,
            "s20",
            "0.2",
            "4/4: p/calls: load 20 / (10 per replica x 0.5) -> 4, trend +0.2/s x 1m -> 32.00 / 10"
                + " per replica -> 4"),
        Arguments.of(
            "capacity, falling",
            CALLS,
            "s20",
            "-0.5",
            "2/2: p/calls: load 20 / (10 per replica x 1) -> 2, trend -0.5/s: no rise"),
        Arguments.of(
            "capacity, too little history",
            CALLS,
            "s20",
            "",
            "2/2: p/calls: load 20 / (10 per replica x 1) -> 2, no trend yet"),
        Arguments.of(
            "headroom: the busy pods are projected, and minIdle kept beyond them",
            IDLE,
            "1,0,0,1",
            "0.05",
            "6/5: p/idle: 2 of 4 pods busy, trend +0.05/s x 1m -> 5.00 + 1 idle wanted -> 6"),
        Arguments.of(
            "headroom: part of a pod's rise is a pod",
            IDLE,
            "1,0,0,1",
            "0.01",
            "4/3: p/idle: 2 of 4 pods busy, trend +0.01/s x 1m -> 2.60 + 1 idle wanted -> 4"),
        Arguments.of(
            "headroom, falling",
            IDLE,
            "1,0,0,1",
            "-0.05",
            "3/2: p/idle: 2 of 4 pods busy, trend -0.05/s: no rise + 1 idle wanted -> 3"),
        Arguments.of(
            "headroom, too little history",
            IDLE,
            "1,0,0,1",
            "",
            "3/2: p/idle: 2 of 4 pods busy, no trend yet + 1 idle wanted -> 3"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void lookahead(String rule, Signal signal, String load, String trend, String expected) {
    SignalOutcome outcome =
        DecisionEngine.evaluate(
            "p",
            signal,
            new SignalParts<>(result(load), Optional.empty(), Optional.empty(), optional(trend)),
            UNTRACKED);
    assertThat(shown(outcome)).as(rule).isEqualTo(expected);
  }

  static Stream<Arguments> demand() {
    Signal.Utilization demand = cpu(ROOMS, Optional.empty());
    Signal.Utilization both = cpu(ROOMS, MINUTE);
    Replicas none = new Replicas.Known(0);
    Replicas three = new Replicas.Known(3);
    return Stream.of(
        Arguments.of(
            "work no pod took scales the load by wanted / served while no pod can take more",
            demand,
            UNTRACKED,
            "0.7,0.7",
            "s30",
            "s20",
            null,
            "5/5: p/cpu: load 1.40 over 2 pods, 30 wanted / 20 served, no pod free: x1.5 -> 2.10"
                + " / 0.5 -> 5 (2 pods >= 0.7 out of service)"),
        Arguments.of(
            "while a pod can take work, the work no pod took wants none (or is being handed over)",
            demand,
            UNTRACKED,
            "0.6,0.6",
            "s30",
            "s20",
            null,
            "3/3: p/cpu: load 1.20 over 2 pods, 30 wanted / 20 served with 2 pods below 0.7:"
                + " unserved work not counted -> 1.20 / 0.5 -> 3 (0 pods >= 0.7 out of service)"),
        Arguments.of(
            "less wanted than served (scrapes a moment apart) never lowers the load",
            demand,
            UNTRACKED,
            "0.7,0.7",
            "s15",
            "s20",
            null,
            "3/3: p/cpu: load 1.40 over 2 pods, 15 wanted / 20 served, no pod free: x1 -> 1.40"
                + " / 0.5 -> 3 (2 pods >= 0.7 out of service)"),
        Arguments.of(
            "from zero, nothing is served: the wanted work at perReplica a replica",
            demand,
            none,
            "",
            "s16",
            "",
            null,
            "2/2: p/cpu: no series with 0 replicas: zero load, 16 wanted, none served: at 8 per"
                + " replica -> 1.00 / 0.5 -> 2"),
        Arguments.of(
            "nothing wanted or served: the pods' load is idle, and only the spare pod is left",
            demand,
            UNTRACKED,
            "0.02,0.02",
            "s0",
            "s0",
            null,
            "1/0: p/cpu: load 0.04 over 2 pods, 0 wanted, none served: no work -> 0 / 0.5 -> 0"
                + " (0 pods >= 0.7 out of service + 1 available -> 1)"),
        Arguments.of(
            "pods at outOfServiceAt are needed whatever the demand says",
            demand,
            UNTRACKED,
            "0.7,0.02",
            "s0",
            "s0",
            null,
            "2/1: p/cpu: load 0.72 over 2 pods, 0 wanted, none served: no work -> 0 / 0.5 -> 0"
                + " (1 pod >= 0.7 out of service + 1 available -> 2)"),
        Arguments.of(
            "with lookahead, the trend is the wanted work's",
            both,
            UNTRACKED,
            "0.7,0.7",
            "s30",
            "s20",
            "0.6",
            "7/7: p/cpu: load 1.40 over 2 pods, 30 wanted / 20 served, no pod free: x1.5 -> 2.10"
                + " / 0.5 -> 5, trend +0.6/s x 1m: 66 / 20 served -> 4.62 / 0.7 -> 7"
                + " (2 pods >= 0.7 out of service)"),
        Arguments.of(
            "with a pod free, the trend rises from the work served",
            both,
            UNTRACKED,
            "0.6,0.6",
            "s30",
            "s20",
            "0.5",
            "5/5: p/cpu: load 1.20 over 2 pods, 30 wanted / 20 served with 2 pods below 0.7:"
                + " unserved work not counted -> 1.20 / 0.5 -> 3, trend +0.5/s x 1m: 50 / 20"
                + " served -> 3.00 / 0.7 -> 5 (0 pods >= 0.7 out of service)"),
        Arguments.of(
            "from zero with a rising trend",
            both,
            none,
            "",
            "s1",
            "",
            "0.25",
            "2/2: p/cpu: no series with 0 replicas: zero load, 1 wanted, none served: at 8 per"
                + " replica -> 0.06 / 0.5 -> 1, trend +0.25/s x 1m: 16 wanted -> 1.00 / 0.7 -> 2"),
        Arguments.of(
            "with a falling trend, the wanted work as it is",
            both,
            UNTRACKED,
            "0.7,0.7",
            "s30",
            "s20",
            "-0.1",
            "5/5: p/cpu: load 1.40 over 2 pods, 30 wanted / 20 served, no pod free: x1.5 -> 2.10"
                + " / 0.5 -> 5, trend -0.1/s: no rise (2 pods >= 0.7 out of service)"),
        Arguments.of(
            "a failed demand query is no data",
            demand,
            UNTRACKED,
            "0.6,0.6",
            "!",
            "s20",
            null,
            "no data: demand.wanted: connection refused"),
        Arguments.of(
            "an empty demand query with pods running is no data, as the load's",
            demand,
            three,
            "0.6,0.6",
            "s30",
            "",
            null,
            "no data: demand.served: query returned no series while the target has 3 replicas"),
        Arguments.of(
            "an empty demand query at 0 replicas is zero",
            demand,
            none,
            "",
            "",
            "",
            null,
            "0/0: p/cpu: no series with 0 replicas: zero load, 0 wanted, none served: no work"
                + " -> 0 / 0.5 -> 0"),
        Arguments.of(
            "onEmpty decides an empty demand query while replicas are not followed",
            demand,
            UNTRACKED,
            "0.6,0.6",
            "",
            "s20",
            null,
            "no data: demand.wanted: query returned no series (onEmpty: hold)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void demand(
      String rule,
      Signal signal,
      Replicas replicas,
      String load,
      String wanted,
      String served,
      String trend,
      String expected) {
    SignalOutcome outcome =
        DecisionEngine.evaluate(
            "p",
            signal,
            new SignalParts<>(result(load), optional(wanted), optional(served), optional(trend)),
            replicas);
    assertThat(shown(outcome)).as(rule).isEqualTo(expected);
  }

  /** Two idle pods at least; the starts of the next minute. */
  private static final Signal.Headroom STARTS =
      new Signal.Headroom(
          "idle",
          q("idle"),
          OnEmpty.HOLD,
          2,
          Optional.of(new Starts(q("starts"), Duration.ofSeconds(60))),
          Optional.empty());

  static Stream<Arguments> starts() {
    return Stream.of(
        Arguments.of(
            "a burst of starts asks for an idle pod for each start within the horizon, and minIdle"
                + " beyond them",
            new Replicas.Known(4),
            "1,0,0,1",
            "0.1",
            "10/8: p/idle: 2 of 4 pods busy + 6 starting within 1m (0.1/s) + 2 idle wanted -> 10"),
        Arguments.of(
            "the starts of several servers are summed; part of a start is a pod",
            new Replicas.Known(4),
            "1,0,0,1",
            "0.05,0.0125",
            "8/6: p/idle: 2 of 4 pods busy + 4 starting within 1m (0.0625/s) + 2 idle wanted"
                + " -> 8"),
        Arguments.of(
            "no start counted yet is none started, not no data",
            new Replicas.Known(4),
            "1,0,0,1",
            "",
            "4/2: p/idle: 2 of 4 pods busy + 0 starting within 1m (no starts counted yet)"
                + " + 2 idle wanted -> 4"),
        Arguments.of(
            "NaN starts are dropped; a negative rate counts as 0",
            new Replicas.Known(4),
            "1,0,0,1",
            "NaN,-0.5",
            "4/2: p/idle: 2 of 4 pods busy + 0 starting within 1m (0/s) + 2 idle wanted -> 4"),
        Arguments.of(
            "from zero pods, starts are load: the workload needs pods",
            new Replicas.Known(0),
            "",
            "0.05",
            "5/3: p/idle: no series with 0 replicas: zero load: 0 busy + 3 starting within 1m"
                + " (0.05/s) + 2 idle wanted -> 5"),
        Arguments.of(
            "a failed starts query is no data",
            new Replicas.Known(4),
            "1,0,0,1",
            "!",
            "no data: starts: connection refused"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void starts(String rule, Replicas replicas, String load, String starts, String expected) {
    SignalOutcome outcome =
        DecisionEngine.evaluate(
            "p",
            STARTS,
            new SignalParts<>(
                result(load),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                optional(starts)),
            replicas);
    assertThat(shown(outcome)).as(rule).isEqualTo(expected);
  }
}
