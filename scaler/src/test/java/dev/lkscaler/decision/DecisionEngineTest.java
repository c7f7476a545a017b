package dev.lkscaler.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.plan.Replicas;
import dev.lkscaler.plan.SignalParts;
import dev.lkscaler.policy.Activation;
import dev.lkscaler.policy.OnEmpty;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.QueryTemplate;
import dev.lkscaler.policy.Signal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DecisionEngineTest {
  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final Replicas UNTRACKED = new Replicas.Untracked();

  static QueryTemplate q(String text) {
    return QueryTemplate.parse(text).template();
  }

  static Signal.Utilization cpu(OnEmpty onEmpty) {
    return new Signal.Utilization("cpu", q("load"), onEmpty, 0.5, 0.7, 1);
  }

  static QueryResult vector(double... values) {
    List<Double> list = new ArrayList<>();
    for (double value : values) {
      list.add(value);
    }
    return new QueryResult.Vector(list);
  }

  static Stream<Arguments> utilizationTable() {
    return Stream.of(
        // the issue's example: ceil(2.8/0.5) = 6 beats 2 out of service + 1
        Arguments.of(vector(0.9, 0.8, 0.6, 0.5), 6L, 2),
        // exactly at outOfServiceAt counts as out of service
        Arguments.of(vector(0.7), 2L, 1),
        Arguments.of(vector(0.6999), 2L, 0),
        // the out-of-service floor wins: 2 full pods + 1 available
        Arguments.of(vector(0.7, 0.7, 0.0, 0.0), 3L, 2),
        // exact multiple: 1.5 / 0.5 = 3, not 4
        Arguments.of(vector(0.5, 0.5, 0.5), 3L, 0),
        // 0.1 + 0.2 is 0.30000000000000004 in floating point: still 1 after rounding to 9 places
        Arguments.of(vector(0.1, 0.2, 0.2), 1L, 0),
        // a little over a multiple scales up
        Arguments.of(vector(0.5, 0.5, 0.501), 4L, 0),
        // zero load over pods: 0 by load, but minAvailable floor is 0 + 1
        Arguments.of(vector(0, 0), 1L, 0),
        // negatives count as 0
        Arguments.of(vector(-5, 0.4), 1L, 0),
        // NaN and infinities are dropped, not summed
        Arguments.of(vector(NAN, 0.9, INF, -INF), 2L, 1),
        // load above 1 (CPU over request) is legitimate
        Arguments.of(vector(1.5, 1.5), 6L, 2));
  }

  @ParameterizedTest
  @MethodSource("utilizationTable")
  void utilizationDesired(QueryResult result, long desired, int outOfService) {
    SignalOutcome outcome = DecisionEngine.evaluate("agents", cpu(OnEmpty.HOLD), result, UNTRACKED);
    assertThat(outcome).isInstanceOf(SignalOutcome.Measured.class);
    SignalOutcome.Measured measured = (SignalOutcome.Measured) outcome;
    assertThat(measured.desired()).isEqualTo(desired);
    assertThat(measured.outOfService()).isEqualTo(outOfService);
  }

  @Test
  void utilizationReasonMatchesTheIssueExample() {
    SignalOutcome.Measured measured =
        (SignalOutcome.Measured)
            DecisionEngine.evaluate(
                "agents", cpu(OnEmpty.HOLD), vector(0.9, 0.8, 0.6, 0.5), UNTRACKED);
    assertThat(measured.reason())
        .isEqualTo("agents/cpu: load 2.80 over 4 pods / 0.5 -> 6 (2 pods >= 0.7 out of service)");
    assertThat(measured.input()).isEqualTo(2.8, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void utilizationReasonShowsTheOutOfServiceFloorWhenItWins() {
    SignalOutcome.Measured measured =
        (SignalOutcome.Measured)
            DecisionEngine.evaluate(
                "agents",
                new Signal.Utilization("cpu", q("load"), OnEmpty.HOLD, 0.5, 0.7, 2),
                vector(0.75, 0.75, 0, 0),
                UNTRACKED);
    assertThat(measured.desired()).isEqualTo(4);
    assertThat(measured.reason())
        .isEqualTo(
            "agents/cpu: load 1.50 over 4 pods / 0.5 -> 3 (2 pods >= 0.7 out of service + 2 available -> 4)");
  }

  @Test
  void droppedSamplesAreCountedAndNamed() {
    SignalOutcome.Measured measured =
        (SignalOutcome.Measured)
            DecisionEngine.evaluate("agents", cpu(OnEmpty.HOLD), vector(NAN, 0.9, INF), UNTRACKED);
    assertThat(measured.dropped()).isEqualTo(2);
    assertThat(measured.reporting()).isEqualTo(1);
    assertThat(measured.reason()).endsWith("[2 NaN/Inf samples dropped]");
  }

  @Test
  void utilizationRefusesAScalar() {
    SignalOutcome outcome =
        DecisionEngine.evaluate("agents", cpu(OnEmpty.HOLD), new QueryResult.Scalar(3), UNTRACKED);
    assertThat(outcome)
        .isEqualTo(
            new SignalOutcome.NoData(
                "cpu", "query returned a scalar; a utilization signal needs one series per pod"));
  }

  @ParameterizedTest
  @CsvSource({
    // calls, capacity, target, desired
    "130, 100, 0.5, 3", // the issue's example
    "100, 100, 0.5, 2",
    "101, 100, 0.5, 3",
    "0.3, 0.1, 1, 3", // 0.3/0.1 = 2.9999999999999996 in floating point
    "0, 100, 0.5, 0",
    "-10, 100, 0.5, 0",
    "1, 100, 1, 1",
  })
  void capacityDesired(double load, double capacity, double target, long desired) {
    Signal.Capacity signal =
        new Signal.Capacity("calls", q("calls"), OnEmpty.HOLD, capacity, target);
    SignalOutcome.Measured scalar =
        (SignalOutcome.Measured)
            DecisionEngine.evaluate("sip", signal, new QueryResult.Scalar(load), UNTRACKED);
    assertThat(scalar.desired()).isEqualTo(desired);
  }

  @Test
  void capacitySumsSeriesAndExplains() {
    Signal.Capacity signal = new Signal.Capacity("calls", q("calls"), OnEmpty.HOLD, 100, 0.5);
    SignalOutcome.Measured measured =
        (SignalOutcome.Measured)
            DecisionEngine.evaluate("sip", signal, vector(100, 30, NAN), UNTRACKED);
    assertThat(measured.desired()).isEqualTo(3);
    assertThat(measured.reason())
        .isEqualTo("sip/calls: load 130 / (100 per replica x 0.5) -> 3 [1 NaN/Inf sample dropped]");
  }

  @ParameterizedTest
  @CsvSource({
    // values as a list, minIdle, desired
    "'1,0,0,1,0', 2, 5", // the issue's example
    "'1,1,1', 2, 2",
    "'0,0', 0, 2",
    "'0.5,0.49', 1, 2", // below 0.5 is busy; 0.5 itself is idle
    "'NaN,0,1', 1, 2",
  })
  void headroomDesired(String values, int minIdle, long desired) {
    Signal.Headroom signal = new Signal.Headroom("idle", q("idle"), OnEmpty.HOLD, minIdle);
    double[] parsed =
        java.util.Arrays.stream(values.split(",")).mapToDouble(Double::parseDouble).toArray();
    SignalOutcome.Measured measured =
        (SignalOutcome.Measured)
            DecisionEngine.evaluate("egress", signal, vector(parsed), UNTRACKED);
    assertThat(measured.desired()).isEqualTo(desired);
  }

  @Test
  void headroomReason() {
    Signal.Headroom signal = new Signal.Headroom("idle", q("idle"), OnEmpty.HOLD, 2);
    SignalOutcome.Measured measured =
        (SignalOutcome.Measured)
            DecisionEngine.evaluate("egress", signal, vector(1, 0, 0, 1, 0), UNTRACKED);
    assertThat(measured.reason()).isEqualTo("egress/idle: 3 of 5 pods busy + 2 idle wanted -> 5");
  }

  static Stream<Arguments> emptyTable() {
    return Stream.of(
        Arguments.of(cpu(OnEmpty.HOLD), vector(), null),
        Arguments.of(cpu(OnEmpty.ZERO), vector(), 0L),
        // only NaN is as good as nothing
        Arguments.of(cpu(OnEmpty.HOLD), vector(NAN), null),
        Arguments.of(cpu(OnEmpty.ZERO), vector(NAN, INF), 0L),
        Arguments.of(new Signal.Capacity("calls", q("c"), OnEmpty.HOLD, 100, 0.5), vector(), null),
        Arguments.of(new Signal.Capacity("calls", q("c"), OnEmpty.ZERO, 100, 0.5), vector(), 0L),
        Arguments.of(
            new Signal.Capacity("calls", q("c"), OnEmpty.HOLD, 100, 0.5),
            new QueryResult.Scalar(NAN),
            null),
        Arguments.of(new Signal.Headroom("idle", q("i"), OnEmpty.HOLD, 2), vector(), null),
        // zero load still wants the idle pods
        Arguments.of(new Signal.Headroom("idle", q("i"), OnEmpty.ZERO, 2), vector(), 2L));
  }

  @ParameterizedTest
  @MethodSource("emptyTable")
  void emptyResults(Signal signal, QueryResult result, Long desired) {
    SignalOutcome outcome = DecisionEngine.evaluate("p", signal, result, UNTRACKED);
    if (desired == null) {
      assertThat(outcome).isInstanceOf(SignalOutcome.NoData.class);
      assertThat(((SignalOutcome.NoData) outcome).cause())
          .startsWith("query returned no series")
          .endsWith("(onEmpty: hold)");
    } else {
      assertThat(((SignalOutcome.Measured) outcome).desired()).isEqualTo(desired);
    }
  }

  @Test
  void failedQueryIsNoDataWithItsCause() {
    SignalOutcome outcome =
        DecisionEngine.evaluate(
            "agents",
            cpu(OnEmpty.ZERO),
            new QueryResult.Failure(QueryResult.Cause.CONNECTION, "connection refused"),
            UNTRACKED);
    assertThat(outcome).isEqualTo(new SignalOutcome.NoData("cpu", "connection refused"));
  }

  /** A reply of this many series at {@code value} each. */
  static QueryResult series(int count, double value) {
    double[] values = new double[count];
    java.util.Arrays.fill(values, value);
    return vector(values);
  }

  static Stream<Arguments> maxSeriesTable() {
    Signal.Utilization three =
        new Signal.Utilization(
            "load", q("load"), OnEmpty.HOLD, 0.5, 0.7, 1, Optional.empty(), Optional.empty(), 3);
    Signal.Utilization demanded =
        new Signal.Utilization(
            "load",
            q("load"),
            OnEmpty.HOLD,
            0.5,
            0.7,
            1,
            Optional.of(new dev.lkscaler.policy.Demand(q("rooms"), q("jobs"), 8)),
            Optional.empty(),
            3);
    Signal.Capacity calls =
        new Signal.Capacity("calls", q("calls"), OnEmpty.HOLD, 10, 1, Optional.empty(), 3);
    Signal.Headroom idle =
        new Signal.Headroom(
            "idle", q("idle"), OnEmpty.HOLD, 2, Optional.empty(), Optional.empty(), 3);
    return Stream.of(
        // the issue's case: 100,000 series at 0.5 was a decision of 1,000 replicas
        Arguments.of(
            cpu(OnEmpty.HOLD),
            SignalParts.of(series(100_000, 0.5)),
            "100000 series, above maxSeries 10000"),
        Arguments.of(three, SignalParts.of(series(4, 0.5)), "4 series, above maxSeries 3"),
        Arguments.of(calls, SignalParts.of(series(4, 10)), "4 series, above maxSeries 3"),
        Arguments.of(idle, SignalParts.of(series(4, 0)), "4 series, above maxSeries 3"),
        // every query of the signal: a summed one too
        Arguments.of(
            demanded,
            new SignalParts<>(
                series(2, 0.8),
                Optional.of(series(5, 1)),
                Optional.of(series(1, 2)),
                Optional.empty()),
            "demand.wanted: 5 series, above maxSeries 3"));
  }

  @ParameterizedTest
  @MethodSource("maxSeriesTable")
  void moreSeriesThanMaxSeriesIsNoDataNeverADecision(
      Signal signal, SignalParts<QueryResult> results, String cause) {
    assertThat(DecisionEngine.evaluate("agents", signal, results, UNTRACKED))
        .isEqualTo(new SignalOutcome.NoData(signal.name(), cause));
  }

  @Test
  void exactlyMaxSeriesIsADecision() {
    Signal.Utilization three =
        new Signal.Utilization(
            "load", q("load"), OnEmpty.HOLD, 0.5, 0.7, 1, Optional.empty(), Optional.empty(), 3);
    assertThat(DecisionEngine.evaluate("agents", three, series(3, 0.5), UNTRACKED))
        .isInstanceOfSatisfying(
            SignalOutcome.Measured.class, measured -> assertThat(measured.desired()).isEqualTo(3));
  }

  static Policy policy(int min, int max, Optional<Activation> activation, Signal... signals) {
    return new Policy("agents", min, max, activation, List.of(signals));
  }

  /** Each signal's load result, by signal name. */
  static Map<String, SignalParts<QueryResult>> results(Object... pairs) {
    Map<String, SignalParts<QueryResult>> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], SignalParts.of((QueryResult) pairs[i + 1]));
    }
    return map;
  }

  static final Signal.Capacity JOBS = new Signal.Capacity("jobs", q("jobs"), OnEmpty.HOLD, 10, 1);

  @ParameterizedTest
  @CsvSource({
    // min, max, cpu load per pod (4 pods), jobs, desired, unclamped, active
    "0, 100, 0.9, 0, 8, 8, true", // ceil(3.6/0.5) = 8 beats jobs 0
    "0, 100, 0.1, 55, 6, 6, true", // jobs: ceil(55/10) = 6 beats cpu max(1, 0+1)
    "0, 5, 0.9, 0, 5, 8, true", // capped at maxReplicas
    "10, 100, 0.1, 0, 10, 1, true", // raised to minReplicas
  })
  void maximumOverSignalsClampedToBounds(
      int min, int max, double load, double jobs, int desired, long unclamped, boolean active) {
    Policy policy = policy(min, max, Optional.empty(), cpu(OnEmpty.HOLD), JOBS);
    Verdict evaluation =
        DecisionEngine.decide(
            policy,
            results("cpu", vector(load, load, load, load), "jobs", new QueryResult.Scalar(jobs)),
            UNTRACKED);
    Decision decision = ((Verdict.Decided) evaluation).decision();
    assertThat(decision.desiredReplicas()).isEqualTo(desired);
    assertThat(decision.unclampedDesired()).isEqualTo(unclamped);
    assertThat(decision.active()).isEqualTo(active);
  }

  @Test
  void decisionReasonNamesTheWinnerOthersAndClamping() {
    Policy policy = policy(0, 5, Optional.empty(), cpu(OnEmpty.HOLD), JOBS);
    Decision decision =
        ((Verdict.Decided)
                DecisionEngine.decide(
                    policy,
                    results("cpu", vector(0.9, 0.8, 0.6, 0.5), "jobs", new QueryResult.Scalar(12)),
                    UNTRACKED))
            .decision();
    assertThat(decision.reason())
        .isEqualTo(
            "agents/cpu: load 2.80 over 4 pods / 0.5 -> 6 (2 pods >= 0.7 out of service); others: jobs 2;"
                + " capped at maxReplicas 5");
  }

  @Test
  void oneSignalWithoutDataLeavesNoDecision() {
    Policy policy = policy(0, 100, Optional.empty(), cpu(OnEmpty.HOLD), JOBS);
    Verdict evaluation =
        DecisionEngine.decide(policy, results("cpu", vector(0.9), "jobs", vector()), UNTRACKED);
    assertThat(evaluation)
        .isEqualTo(
            new Verdict.Missing("agents", "jobs", "query returned no series (onEmpty: hold)"));
    assertThat(((Verdict.Missing) evaluation).describe())
        .isEqualTo("agents/jobs: query returned no series (onEmpty: hold)");
  }

  @Test
  void zeroSeriesWithOnEmptyZeroIsInactiveZero() {
    Policy policy = policy(0, 100, Optional.empty(), cpu(OnEmpty.ZERO));
    Decision decision =
        ((Verdict.Decided) DecisionEngine.decide(policy, results("cpu", vector()), UNTRACKED))
            .decision();
    assertThat(decision.desiredReplicas()).isZero();
    assertThat(decision.active()).isFalse();
    assertThat(DecisionEngine.needsActivation(policy, decision)).isFalse();
  }

  static Stream<Arguments> activationTable() {
    return Stream.of(
        Arguments.of(new QueryResult.Scalar(3), true, "; activation 3 > 0: active"),
        Arguments.of(vector(0, 0), false, "; activation 0 <= 0: inactive"),
        // strictly greater than the threshold, as KEDA does
        Arguments.of(vector(2), false, "; activation 2 <= 2: inactive"),
        Arguments.of(vector(1.5, 1), true, "; activation 2.5 > 2: active"),
        Arguments.of(vector(-4), false, "; activation 0 <= 0: inactive"));
  }

  @ParameterizedTest
  @MethodSource("activationTable")
  void activationDecidesWhenTheSignalsSayZero(
      QueryResult activationResult, boolean active, String suffix) {
    double threshold = suffix.contains(" 2") ? 2 : 0;
    Policy policy =
        policy(0, 100, Optional.of(new Activation(q("rooms"), threshold)), cpu(OnEmpty.ZERO));
    Decision zero =
        ((Verdict.Decided) DecisionEngine.decide(policy, results("cpu", vector()), UNTRACKED))
            .decision();
    assertThat(DecisionEngine.needsActivation(policy, zero)).isTrue();
    Decision decision =
        ((Verdict.Decided) DecisionEngine.activate(policy, zero, activationResult)).decision();
    assertThat(decision.active()).isEqualTo(active);
    assertThat(decision.desiredReplicas()).isZero();
    assertThat(decision.reason()).endsWith(suffix);
  }

  @Test
  void activationIsNotAskedWhenTheSignalsAlreadyWantPods() {
    Policy policy = policy(0, 100, Optional.of(new Activation(q("rooms"), 0)), cpu(OnEmpty.HOLD));
    Decision decision =
        ((Verdict.Decided) DecisionEngine.decide(policy, results("cpu", vector(0.2)), UNTRACKED))
            .decision();
    assertThat(decision.active()).isTrue();
    assertThat(DecisionEngine.needsActivation(policy, decision)).isFalse();
  }

  @Test
  void activationWithoutDataIsMissingNeverInactive() {
    Policy policy = policy(0, 100, Optional.of(new Activation(q("rooms"), 0)), cpu(OnEmpty.ZERO));
    Decision zero =
        ((Verdict.Decided) DecisionEngine.decide(policy, results("cpu", vector()), UNTRACKED))
            .decision();
    assertThat(DecisionEngine.activate(policy, zero, vector()))
        .isEqualTo(new Verdict.Missing("agents", "activation", "query returned no series"));
    assertThat(
            DecisionEngine.activate(
                policy, zero, new QueryResult.Failure(QueryResult.Cause.TIMEOUT, "slow")))
        .isEqualTo(new Verdict.Missing("agents", "activation", "slow"));
  }

  @ParameterizedTest
  @CsvSource({
    "6, 2, 3",
    "6.000000001, 2, 4", // 3.0000000005 rounds to 3.000000001 at 9 places: ceil 4
    "6.0000000001, 2, 3", // 3.00000000005 rounds to 3.000000000: ceil 3
    "2.8, 0.5, 6",
    "0.3, 0.1, 3",
    "0.7, 0.1, 7",
    "0, 1, 0",
    "1e300, 1e-300, 9223372036854775807",
  })
  void ceilingAfterRoundingToNinePlaces(double numerator, double denominator, long expected) {
    assertThat(DecisionEngine.ceilOfQuotient(numerator, denominator)).isEqualTo(expected);
  }

  static Stream<Arguments> emptyWithReplicasTable() {
    Signal.Capacity holdCapacity = new Signal.Capacity("calls", q("c"), OnEmpty.HOLD, 100, 0.5);
    Signal.Headroom zeroHeadroom = new Signal.Headroom("idle", q("i"), OnEmpty.ZERO, 2);
    return Stream.of(
        // 0 replicas: zero load whatever onEmpty says (scale from zero)
        Arguments.of(
            cpu(OnEmpty.HOLD),
            new Replicas.Known(0),
            0L,
            "p/cpu: no series with 0 replicas: zero load -> 0"),
        Arguments.of(
            cpu(OnEmpty.ZERO),
            new Replicas.Known(0),
            0L,
            "p/cpu: no series with 0 replicas: zero load -> 0"),
        Arguments.of(
            holdCapacity,
            new Replicas.Known(0),
            0L,
            "p/calls: no series with 0 replicas: zero load -> 0"),
        Arguments.of(
            new Signal.Headroom("idle", q("i"), OnEmpty.HOLD, 2),
            new Replicas.Known(0),
            2L,
            "p/idle: no series with 0 replicas: zero load: 0 busy + 2 idle wanted -> 2"),
        // replicas running: no data, whatever onEmpty says
        Arguments.of(
            cpu(OnEmpty.HOLD),
            new Replicas.Known(3),
            null,
            "query returned no series while the target has 3 replicas"),
        Arguments.of(
            cpu(OnEmpty.ZERO),
            new Replicas.Known(3),
            null,
            "query returned no series while the target has 3 replicas"),
        Arguments.of(
            zeroHeadroom,
            new Replicas.Known(1),
            null,
            "query returned no series while the target has 1 replica"),
        // unknown: onEmpty decides, and the reason says why replicas are unknown
        Arguments.of(
            cpu(OnEmpty.HOLD),
            new Replicas.Unknown("no ScaledObject livekit/agents"),
            null,
            "query returned no series, replicas unknown (no ScaledObject livekit/agents) (onEmpty: hold)"),
        Arguments.of(
            cpu(OnEmpty.ZERO),
            new Replicas.Unknown("no ScaledObject livekit/agents"),
            0L,
            "p/cpu: no series, replicas unknown (no ScaledObject livekit/agents), onEmpty zero -> 0"),
        Arguments.of(
            zeroHeadroom,
            new Replicas.Unknown("API unreachable"),
            2L,
            "p/idle: no series, replicas unknown (API unreachable), onEmpty zero: 0 busy + 2 idle wanted -> 2"));
  }

  @ParameterizedTest
  @MethodSource("emptyWithReplicasTable")
  void emptyResultsWithKnownOrUnknownReplicas(
      Signal signal, Replicas replicas, Long desired, String text) {
    SignalOutcome outcome = DecisionEngine.evaluate("p", signal, vector(), replicas);
    if (desired == null) {
      assertThat(outcome).isEqualTo(new SignalOutcome.NoData(signal.name(), text));
    } else {
      assertThat(outcome).isInstanceOf(SignalOutcome.Measured.class);
      assertThat(((SignalOutcome.Measured) outcome).desired()).isEqualTo(desired);
      assertThat(((SignalOutcome.Measured) outcome).reason()).isEqualTo(text);
    }
  }

  @Test
  void replicasDoNotChangeANonEmptyResult() {
    for (Replicas replicas :
        List.of(
            new Replicas.Known(0), new Replicas.Known(9), new Replicas.Unknown("x"), UNTRACKED)) {
      SignalOutcome.Measured measured =
          (SignalOutcome.Measured)
              DecisionEngine.evaluate(
                  "agents", cpu(OnEmpty.HOLD), vector(0.9, 0.8, 0.6, 0.5), replicas);
      assertThat(measured.desired()).isEqualTo(6);
    }
  }

  @Test
  void theDecisionReasonShowsReportingPodsAgainstReplicas() {
    Policy policy = policy(0, 100, Optional.empty(), cpu(OnEmpty.HOLD));
    Decision decision =
        ((Verdict.Decided)
                DecisionEngine.decide(
                    policy, results("cpu", vector(0.9, 0.8, 0.6, 0.5)), new Replicas.Known(5)))
            .decision();
    assertThat(decision.reason())
        .isEqualTo(
            "agents/cpu: load 2.80 over 4 pods / 0.5 -> 6 (2 pods >= 0.7 out of service); 4 pods reporting of 5 replicas");
    Decision unknown =
        ((Verdict.Decided)
                DecisionEngine.decide(
                    policy,
                    results("cpu", vector(0.9)),
                    new Replicas.Unknown("Kubernetes API unreachable")))
            .decision();
    assertThat(unknown.reason()).endsWith("; replicas unknown (Kubernetes API unreachable)");
    Policy sip =
        new Policy(
            "sip",
            0,
            100,
            Optional.empty(),
            List.of(new Signal.Capacity("calls", q("c"), OnEmpty.HOLD, 100, 0.5)));
    Decision calls =
        ((Verdict.Decided)
                DecisionEngine.decide(
                    sip, results("calls", new QueryResult.Scalar(130)), new Replicas.Known(2)))
            .decision();
    assertThat(calls.reason())
        .isEqualTo("sip/calls: load 130 / (100 per replica x 0.5) -> 3; 2 replicas");
  }
}
