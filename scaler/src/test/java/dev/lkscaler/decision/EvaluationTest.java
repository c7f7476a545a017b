package dev.lkscaler.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lkscaler.plan.Planner;
import dev.lkscaler.plan.QueryPlan;
import dev.lkscaler.plan.Replicas;
import dev.lkscaler.plan.TargetRef;
import dev.lkscaler.policy.Durations;
import dev.lkscaler.policy.PolicyParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of docs/policy.md ("How samples become a decision", "Missing data"), one row each: a
 * policy, what its queries return, the last good decision, and the answer.
 */
class EvaluationTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  /** cpu: utilization at 0.5/0.7; jobs: 10 per replica filled to half; bounds 1..50. */
  private static final String AGENTS =
      """
      agents:
        minReplicas: 1
        maxReplicas: 50
        signals:
          - {name: cpu, type: utilization, query: cpu}
          - {name: jobs, type: capacity, query: jobs, capacityPerReplica: 10}
      """;

  /** One signal that reads no series as zero load, and an activation query on rooms. */
  private static final String IDLE =
      """
      idle:
        activation: {query: rooms, threshold: 0}
        signals:
          - {name: cpu, type: utilization, query: cpu, onEmpty: zero, minAvailable: 0}
      """;

  private static final String HOLD =
      """
      hold:
        signals:
          - {name: idle, type: headroom, query: egress, minIdle: 2}
      """;

  /**
   * Agents that may reach 0: minAvailable 1 beside the load, and rooms say whether work is coming.
   */
  private static final String GATED =
      """
      gated:
        activation: {query: rooms, threshold: 0}
        signals:
          - {name: cpu, type: utilization, query: cpu}
      """;

  /**
   * Demand counts the work (jobs wanted and served), so idle pods' load is no load; dispatch
   * requests say whether work is coming.
   */
  private static final String DEMAND =
      """
      demand:
        activation: {query: dispatch, threshold: 0}
        signals:
          - name: cpu
            type: utilization
            query: cpu
            demand: {wanted: wanted, served: served, perReplica: 8}
      """;

  /** Two idle egress pods kept while rooms want recordings. */
  private static final String SPARE =
      """
      spare:
        activation: {query: rooms, threshold: 0}
        signals:
          - {name: idle, type: headroom, query: egress, minIdle: 2}
      """;

  private static QueryPlan plan(String policy, Replicas replicas) {
    try {
      var set =
          PolicyParser.parse(
              "prometheus: {url: http://p:9090}\ncache: {ttl: 5s, lastKnownGoodFor: 2m}\n"
                  + "policies:\n"
                  + policy.indent(2));
      String name = set.policies().firstKey();
      return Planner.plan(
          set,
          new TargetRef("livekit", "so", Map.of("policy", name)),
          Optional.empty(),
          replicas,
          NOW,
          Optional.empty());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code q=0.9,0.8} a vector; {@code q=s130} a scalar; {@code q=} no series; {@code q=!} down.
   */
  private static Map<String, QueryResult> results(String script) {
    Map<String, QueryResult> results = new HashMap<>();
    for (String entry : script.isBlank() ? new String[0] : script.split(" ")) {
      String[] parts = entry.split("=", -1);
      String value = parts[1];
      QueryResult result;
      if (value.equals("!")) {
        result = new QueryResult.Failure(QueryResult.Cause.CONNECTION, "connection refused");
      } else if (value.startsWith("s")) {
        result = new QueryResult.Scalar(Double.parseDouble(value.substring(1)));
      } else {
        List<Double> values = new ArrayList<>();
        for (String v : value.isEmpty() ? new String[0] : value.split(",")) {
          values.add(Double.parseDouble(v));
        }
        result = new QueryResult.Vector(values);
      }
      results.put(parts[0], result);
    }
    return results;
  }

  /**
   * {@code 7@30s}: a good decision of 7 replicas (active), made 30 s ago; {@code 0i@30s}: of 0,
   * inactive.
   */
  /** The queries {@link Evaluation#next} asks for; none once it has its verdict. */
  private static Set<String> needs(QueryPlan plan, Map<String, QueryResult> results) {
    return Evaluation.next(plan, results) instanceof Evaluation.Next.Read read
        ? read.queries()
        : Set.of();
  }

  private static Optional<LastGood> lastGood(String script) {
    if (script.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = script.split("@");
    boolean active = !parts[0].endsWith("i");
    int desired = Integer.parseInt(parts[0].replace("i", ""));
    Duration age = Durations.parse(parts[1]).orElseThrow();
    return Optional.of(
        new LastGood(
            new Decision("agents", desired, desired, active, "before", List.of()), NOW.minus(age)));
  }

  private static String shown(Outcome outcome) {
    if (outcome instanceof Outcome.Fresh fresh) {
      return "fresh " + fresh.decision().desiredReplicas() + active(fresh.decision());
    }
    if (outcome instanceof Outcome.LastKnownGood standIn) {
      return "last known good " + standIn.decision().desiredReplicas() + active(standIn.decision());
    }
    return "unavailable: " + ((Outcome.Unavailable) outcome).cause();
  }

  private static String active(Decision decision) {
    return decision.active() ? " active" : " inactive";
  }

  static Stream<Arguments> rules() {
    Replicas untracked = new Replicas.Untracked();
    return Stream.of(
        Arguments.of(
            "the decision is the largest of the signals' counts",
            AGENTS,
            untracked,
            "cpu=0.9,0.8,0.6,0.5 jobs=s40",
            "",
            "fresh 8 active"),
        Arguments.of(
            "a utilization signal: ceil(load / scaleUpAt), and a free pod beside the full ones",
            AGENTS,
            untracked,
            "cpu=0.9,0.8,0.6,0.5 jobs=s0",
            "",
            "fresh 6 active"),
        Arguments.of(
            "clamped to maxReplicas",
            AGENTS,
            untracked,
            "cpu=0.4 jobs=s900",
            "",
            "fresh 50 active"),
        Arguments.of(
            "raised to minReplicas",
            IDLE.replace("idle:", "idle:\n  minReplicas: 2"),
            untracked,
            "cpu=0.1",
            "",
            "fresh 2 active"),
        Arguments.of(
            "any signal without data leaves the decision without data",
            AGENTS,
            untracked,
            "cpu=0.9 jobs=!",
            "",
            "unavailable: agents/jobs: connection refused; no good decision for livekit/so"
                + " within lastKnownGoodFor (2m)"),
        Arguments.of(
            "the last good decision stands in while younger than lastKnownGoodFor",
            AGENTS,
            untracked,
            "cpu=0.9 jobs=!",
            "7@119s",
            "last known good 7 active"),
        Arguments.of(
            "and not once it is lastKnownGoodFor old",
            AGENTS,
            untracked,
            "cpu=! jobs=s1",
            "7@2m",
            "unavailable: agents/cpu: connection refused; no good decision for livekit/so"
                + " within lastKnownGoodFor (2m)"),
        Arguments.of(
            "a stand-in is clamped to the bounds in force",
            AGENTS,
            untracked,
            "cpu=! jobs=!",
            "60@10s",
            "last known good 50 active"),
        Arguments.of(
            "every signal says zero: the activation query decides activity",
            IDLE,
            untracked,
            "cpu= rooms=s3",
            "",
            "fresh 0 active"),
        Arguments.of(
            "activation at or below its threshold is inactive",
            IDLE,
            untracked,
            "cpu= rooms=s0",
            "",
            "fresh 0 inactive"),
        Arguments.of(
            "activation without series is no data, not inactive",
            IDLE,
            untracked,
            "cpu= rooms=",
            "",
            "unavailable: idle/activation: query returned no series; no good decision for"
                + " livekit/so within lastKnownGoodFor (2m)"),
        Arguments.of(
            "a signal that wants pods is active without asking activation",
            IDLE,
            untracked,
            "cpu=0.2",
            "",
            "fresh 1 active"),
        Arguments.of(
            "no series with the target at 0 replicas is zero load, even with onEmpty hold",
            HOLD,
            new Replicas.Known(0),
            "egress=",
            "",
            "fresh 2 active"),
        Arguments.of(
            "no series with pods running is no data, even a moment after a good decision",
            HOLD,
            new Replicas.Known(3),
            "egress=",
            "",
            "unavailable: hold/idle: query returned no series while the target has 3 replicas;"
                + " no good decision for livekit/so within lastKnownGoodFor (2m)"),
        // minAvailable applies only while active (before issue 9 it always applied, so the
        // activation query was never asked while a pod reported)
        Arguments.of(
            "the load needs no pod and activation says inactive: 0, whatever minAvailable says",
            GATED,
            untracked,
            "cpu=0,0 rooms=s0",
            "",
            "fresh 0 inactive"),
        Arguments.of(
            "the load needs no pod and activation says active: minAvailable applies",
            GATED,
            untracked,
            "cpu=0,0 rooms=s2",
            "",
            "fresh 1 active"),
        Arguments.of(
            "a load that needs a pod is active without asking activation",
            GATED,
            untracked,
            "cpu=0.02",
            "",
            "fresh 1 active"),
        Arguments.of(
            "minReplicas 1 keeps the ScaledObject active: activation is not asked",
            GATED.replace("gated:", "gated:\n  minReplicas: 1"),
            untracked,
            "cpu=0,0",
            "",
            "fresh 1 active"),
        Arguments.of(
            "without an activation query, minAvailable always applies",
            GATED.replace("  activation: {query: rooms, threshold: 0}\n", ""),
            untracked,
            "cpu=0,0",
            "",
            "fresh 1 active"),
        Arguments.of(
            "with demand, idle pods with no work wanted or served may go to 0",
            DEMAND,
            untracked,
            "cpu=0.02,0.02 wanted=s0 served=s0 dispatch=s0",
            "",
            "fresh 0 inactive"),
        Arguments.of(
            "with demand, work on its way keeps the spare pod",
            DEMAND,
            untracked,
            "cpu=0.02,0.02 wanted=s0 served=s0 dispatch=s1",
            "",
            "fresh 1 active"),
        Arguments.of(
            "with demand, the first room wakes a fleet at 0 without asking activation",
            DEMAND,
            new Replicas.Known(0),
            "cpu= wanted=s1 served=",
            "",
            "fresh 1 active"),
        Arguments.of(
            "headroom: minIdle applies only while active",
            SPARE,
            untracked,
            "egress=1,1 rooms=s0",
            "",
            "fresh 0 inactive"),
        Arguments.of(
            "headroom: and active keeps minIdle",
            SPARE,
            untracked,
            "egress=1,1 rooms=s1",
            "",
            "fresh 2 active"),
        Arguments.of(
            "headroom: a busy pod is load, so activation is not asked",
            SPARE,
            untracked,
            "egress=0,1",
            "",
            "fresh 3 active"),
        // holds through outages: at least the target's current replicas
        Arguments.of(
            "a stand-in is held at the target's current replicas when it has more",
            AGENTS,
            new Replicas.Known(7),
            "cpu=! jobs=!",
            "5@10s",
            "last known good 7 active"),
        Arguments.of(
            "a stand-in above the current replicas stays as it was",
            AGENTS,
            new Replicas.Known(3),
            "cpu=! jobs=!",
            "5@10s",
            "last known good 5 active"),
        Arguments.of(
            "a hold stays within maxReplicas",
            AGENTS,
            new Replicas.Known(60),
            "cpu=! jobs=!",
            "5@10s",
            "last known good 50 active"),
        Arguments.of(
            "unknown replicas hold nothing",
            AGENTS,
            new Replicas.Unknown("API unreachable"),
            "cpu=! jobs=!",
            "5@10s",
            "last known good 5 active"),
        Arguments.of(
            "an inactive stand-in with pods left is held at them, and active: no scale to 0",
            GATED,
            new Replicas.Known(2),
            "cpu=!",
            "0i@10s",
            "last known good 2 active"),
        Arguments.of(
            "an inactive stand-in at 0 replicas stays inactive",
            GATED,
            new Replicas.Known(0),
            "cpu=!",
            "0i@10s",
            "last known good 0 inactive"),
        Arguments.of(
            "no hold once the stand-in is too old: unavailable, and KEDA holds",
            AGENTS,
            new Replicas.Known(7),
            "cpu=! jobs=!",
            "5@2m",
            "unavailable: agents/cpu: connection refused; no good decision for livekit/so"
                + " within lastKnownGoodFor (2m)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void rules(
      String rule,
      String policy,
      Replicas replicas,
      String results,
      String lastGood,
      String expected) {
    QueryPlan plan = plan(policy, replicas);
    Outcome outcome = Evaluation.evaluate(plan, results(results), lastGood(lastGood), NOW);
    assertThat(shown(outcome)).as(rule).isEqualTo(expected);
  }

  @Test
  void aStandInSaysWhyAndWhatItWas() {
    QueryPlan plan = plan(AGENTS, new Replicas.Untracked());
    Outcome outcome =
        Evaluation.evaluate(plan, results("cpu=0.9 jobs=!"), lastGood("7@65500ms"), NOW);
    assertThat(outcome)
        .isEqualTo(
            new Outcome.LastKnownGood(
                new Decision(
                    "agents",
                    7,
                    7,
                    true,
                    "last known good from 1m5s ago, because agents/jobs: connection refused; was: before",
                    List.of()),
                Duration.ofMillis(65500),
                "agents/jobs: connection refused",
                false));
  }

  @Test
  void aHeldStandInSaysAtWhat() {
    QueryPlan plan = plan(AGENTS, new Replicas.Known(7));
    Outcome outcome = Evaluation.evaluate(plan, results("cpu=! jobs=!"), lastGood("5@10s"), NOW);
    assertThat(outcome.answer().orElseThrow().reason())
        .isEqualTo(
            "last known good from 10s ago, held at the target's 7 current replicas (it said 5),"
                + " because agents/cpu: connection refused; was: before");
  }

  @Test
  void anInactiveAnswerSaysTheSparePodsWentWithTheActivity() {
    QueryPlan plan = plan(GATED, new Replicas.Known(2));
    Outcome outcome = Evaluation.evaluate(plan, results("cpu=0,0 rooms=s0"), Optional.empty(), NOW);
    assertThat(outcome.answer().orElseThrow().reason())
        .isEqualTo(
            "gated/cpu: load 0.00 over 2 pods / 0.5 -> 0 (0 pods >= 0.7 out of service + 1"
                + " available -> 1); 2 pods reporting of 2 replicas; activation 0 <= 0: inactive:"
                + " no spare pods while inactive -> 0");
  }

  @Test
  void activationIsAskedOnceTheLoadNeedsNoPodEvenWithSparePodsWanted() {
    QueryPlan plan = plan(GATED, new Replicas.Untracked());
    assertThat(needs(plan, results("cpu=0,0"))).containsExactly("rooms");
    assertThat(needs(plan, results("cpu=0.1,0"))).isEmpty();
    QueryPlan demand = plan(DEMAND, new Replicas.Untracked());
    assertThat(needs(demand, Map.of())).containsExactly("cpu", "wanted", "served");
    assertThat(needs(demand, results("cpu=0.3 wanted=s0 served=s0"))).containsExactly("dispatch");
    assertThat(needs(demand, results("cpu=0.3 wanted=s1 served=s1"))).isEmpty();
  }

  @Test
  void theActivationQueryIsNeededOnlyOnceEverySignalSaysZero() {
    QueryPlan plan = plan(IDLE, new Replicas.Untracked());
    assertThat(needs(plan, Map.of())).containsExactly("cpu");
    assertThat(needs(plan, results("cpu=0.3"))).isEmpty();
    assertThat(needs(plan, results("cpu="))).containsExactly("rooms");
    assertThat(needs(plan, results("cpu= rooms=s1"))).isEmpty();
    // with everything at hand (a range query), there is no second round
    assertThat(needs(plan, results("cpu=0.3 rooms=s1"))).isEmpty();
    assertThatThrownBy(() -> Evaluation.evaluate(plan, results("cpu="), Optional.empty(), NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no result for rooms");
  }

  @Test
  void signalsSharingAQueryNeedItOnce() {
    QueryPlan plan =
        plan(
            """
            shared:
              signals:
                - {name: a, type: capacity, query: q, capacityPerReplica: 10}
                - {name: b, type: capacity, query: q, capacityPerReplica: 5}
            """,
            new Replicas.Untracked());
    assertThat(needs(plan, Map.of())).containsExactly("q");
    assertThat(shown(Evaluation.evaluate(plan, results("q=s10"), Optional.empty(), NOW)))
        .isEqualTo("fresh 4 active");
  }
}
