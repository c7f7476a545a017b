package dev.lkscaler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.testing.PolicyTexts;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PlannerTest {
  static final String POLICY =
      """
      prometheus: {url: http://prometheus:9090, timeout: 1500ms}
      cache: {ttl: 3s, lastKnownGoodFor: 40s}
      policies:
      """
          + PolicyTexts.AGENTS_AND_IDLE
          + """
        by-target:
          signals:
            - {name: calls, type: capacity, capacityPerReplica: 10, query: 'sum(calls{deployment="{{target}}"})'}
        ahead:
          activation: {query: 'sum(rooms{namespace="{{namespace}}"})'}
          signals:
            - name: load
              type: utilization
              query: 'load{namespace="{{namespace}}"}'
              demand: {wanted: 'sum(rooms{namespace="{{namespace}}"})', served: 'sum(jobs{tenant="{{tenant}}"})', perReplica: 8}
              lookahead: {window: 2m, horizon: 1m, step: 1500ms}
            - {name: calls, type: capacity, capacityPerReplica: 10, query: 'calls', lookahead: {horizon: 1m}}
            - {name: idle, type: headroom, query: 'idle', lookahead: {horizon: 1m}}
        recorders:
          signals:
            - name: idle
              type: headroom
              query: 'idle{namespace="{{namespace}}"}'
              starts: {query: 'sum(rate(starts{namespace="{{namespace}}", tier="{{tier}}"}[1m]))', horizon: 1m}
      """;

  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final Map<String, String> META = Map.of("policy", "agents", "tenant", "t1");

  private final PolicySet set;

  PlannerTest() throws Exception {
    set = PolicyParser.parse(POLICY);
  }

  private QueryPlan plan(String namespace, Map<String, String> metadata) {
    return Planner.plan(
        set,
        new TargetRef(namespace, "so", metadata),
        Optional.empty(),
        new Replicas.Untracked(),
        NOW,
        Optional.empty());
  }

  private static PlanException refusal(Runnable call) {
    try {
      call.run();
    } catch (PlanException e) {
      return e;
    }
    throw new AssertionError("no PlanException");
  }

  @Test
  void expandsQueriesFromTheReferenceAndTheMetadata() {
    QueryPlan plan = plan("livekit", META);
    assertThat(plan.signalQueries())
        .containsExactly(
            Map.entry("cpu", SignalParts.of("load{namespace=\"livekit\",tenant=\"t1\"}")));
    assertThat(plan.activationQuery()).contains("rooms{namespace=\"livekit\"}");
    assertThat(plan.queries())
        .containsExactly(
            "load{namespace=\"livekit\",tenant=\"t1\"}", "rooms{namespace=\"livekit\"}");
    assertThat(plan.key()).isEqualTo(new DecisionKey("agents", "livekit", "so"));
  }

  @Test
  void demandAndLookaheadAreMoreQueriesOfThePlan() {
    QueryPlan plan = plan("livekit", Map.of("policy", "ahead", "tenant", "t1"));
    assertThat(plan.signalQueries())
        .containsExactly(
            Map.entry(
                "load",
                new SignalParts<>(
                    "load{namespace=\"livekit\"}",
                    Optional.of("sum(rooms{namespace=\"livekit\"})"),
                    Optional.of("sum(jobs{tenant=\"t1\"})"),
                    // with demand, the trend is the wanted work's
                    Optional.of("deriv(sum(sum(rooms{namespace=\"livekit\"}))[2m:1s500ms])"))),
            Map.entry(
                "calls",
                new SignalParts<>(
                    "calls",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("deriv(sum(calls)[2m:15s])"))),
            Map.entry(
                "idle",
                new SignalParts<>(
                    "idle",
                    Optional.empty(),
                    Optional.empty(),
                    // headroom: the trend of the busy pods
                    Optional.of("deriv(sum((idle) < bool 0.5)[2m:15s])"))));
    // the activation query is the wanted one: one query, asked in the first round
    assertThat(plan.signalRound())
        .containsExactly(
            "load{namespace=\"livekit\"}",
            "sum(rooms{namespace=\"livekit\"})",
            "sum(jobs{tenant=\"t1\"})",
            "deriv(sum(sum(rooms{namespace=\"livekit\"}))[2m:1s500ms])",
            "calls",
            "deriv(sum(calls)[2m:15s])",
            "idle",
            "deriv(sum((idle) < bool 0.5)[2m:15s])");
    assertThat(plan.queries()).hasSize(8);
  }

  @Test
  void startsAreOneMoreQueryOfThePlanAndTakeTheirValuesFromTheCall() {
    QueryPlan plan = plan("livekit", Map.of("policy", "recorders", "tier", "gold"));
    assertThat(plan.signalQueries())
        .containsExactly(
            Map.entry(
                "idle",
                new SignalParts<>(
                    "idle{namespace=\"livekit\"}",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("sum(rate(starts{namespace=\"livekit\", tier=\"gold\"}[1m]))"))));
    assertThat(plan.queries()).hasSize(2);
    PlanException missing = refusal(() -> plan("livekit", Map.of("policy", "recorders")));
    assertThat(missing.getMessage())
        .isEqualTo(
            "scalerMetadata.tier: expected a value. Found: none (for {{tier}} in"
                + " recorders/idle/starts)");
  }

  static Stream<Arguments> oversizedCalls() {
    Map<String, String> manyKeys = new java.util.HashMap<>(Map.of("policy", "agents"));
    for (int i = 0; i < 64; i++) {
      manyKeys.put("k" + i, "v");
    }
    return Stream.of(
        Arguments.of(
            new TargetRef("livekit", "so", manyKeys),
            "scalerMetadata: expected at most 64 keys. Found: 65 keys"),
        Arguments.of(
            new TargetRef("livekit", "so", Map.of("policy", "agents", "k".repeat(254), "v")),
            "scalerMetadata: expected keys of at most 253 characters. Found: a key of 254"
                + " characters"),
        // a huge value is counted, never shown
        Arguments.of(
            new TargetRef(
                "livekit", "so", Map.of("policy", "agents", "tenant", "x".repeat(100_000))),
            "scalerMetadata.tenant: expected at most 1024 characters. Found: 100000 characters"),
        Arguments.of(
            new TargetRef("livekit", "so", Map.of("policy", "a".repeat(5000))),
            "scalerMetadata.policy: expected at most 1024 characters. Found: 5000 characters"),
        Arguments.of(
            new TargetRef("n".repeat(64), "so", Map.of("policy", "agents")),
            "scaledObjectRef.namespace: expected a namespace of 1 to 63 characters. Found: 64"
                + " characters"),
        Arguments.of(
            new TargetRef("livekit", "", Map.of("policy", "agents")),
            "scaledObjectRef.name: expected a name of 1 to 253 characters. Found: 0 characters"));
  }

  @ParameterizedTest
  @MethodSource("oversizedCalls")
  void oversizedCallsAreBadMetadataThatNeverShowTheValue(TargetRef ref, String message) {
    PlanException refused = refusal(() -> Planner.checkMetadata(set, ref));
    assertThat(refused.kind()).isEqualTo(PlanException.Kind.BAD_METADATA);
    assertThat(refused.getMessage()).isEqualTo(message).hasSizeLessThan(200);
  }

  @Test
  void sixtyFourKeysOfTheLongestSizesAreRead() {
    Map<String, String> keys = new java.util.HashMap<>(Map.of("policy", "agents", "tenant", "t1"));
    for (int i = 0; keys.size() < 64; i++) {
      keys.put(("k" + i + "-").repeat(100).substring(0, 253), "v".repeat(1024));
    }
    assertThat(Planner.checkMetadata(set, new TargetRef("n".repeat(63), "so", keys)).name())
        .isEqualTo("agents");
  }

  @Test
  void theDemandsQueriesTakeTheirValuesFromTheCallToo() {
    PlanException missing = refusal(() -> plan("livekit", Map.of("policy", "ahead")));
    assertThat(missing.getMessage())
        .isEqualTo(
            "scalerMetadata.tenant: expected a value. Found: none (for {{tenant}} in"
                + " ahead/load/demand.served)");
  }

  @Test
  void everySettingComesFromTheOneSnapshotItWasGiven() {
    QueryPlan plan = plan("livekit", META);
    assertThat(plan.prometheus()).isSameAs(set.prometheus());
    assertThat(plan.cacheTtl()).isEqualTo(Duration.ofSeconds(3));
    assertThat(plan.lastKnownGoodFor()).isEqualTo(Duration.ofSeconds(40));
    // no caller deadline: the query timeout plus 250 ms to parse and decide
    assertThat(plan.answerBy()).isEqualTo(NOW.plusMillis(1750));
    assertThat(plan.policy()).isSameAs(set.policy("agents").orElseThrow());
  }

  @Test
  void theReferenceWinsOverMetadataForNamespaceAndName() {
    QueryPlan plan =
        plan("livekit", Map.of("policy", "agents", "tenant", "t", "namespace", "other"));
    assertThat(plan.signalQueries().get("cpu").load()).contains("namespace=\"livekit\"");
  }

  @Test
  void metadataErrorsNameTheFieldAndTheKind() {
    PlanException noPolicy = refusal(() -> plan("livekit", Map.of()));
    assertThat(noPolicy.kind()).isEqualTo(PlanException.Kind.BAD_METADATA);
    assertThat(noPolicy.getMessage())
        .isEqualTo(
            "scalerMetadata.policy: expected the name of a policy (one of agents, ahead, by-target, idle, recorders). Found: nothing");

    PlanException unknown = refusal(() -> plan("livekit", Map.of("policy", "egress")));
    assertThat(unknown.kind()).isEqualTo(PlanException.Kind.UNKNOWN_POLICY);
    assertThat(unknown.getMessage())
        .isEqualTo(
            "scalerMetadata.policy: expected one of the known policies agents, ahead, by-target, idle, recorders. Found: \"egress\"");

    PlanException missing = refusal(() -> plan("livekit", Map.of("policy", "agents")));
    assertThat(missing.kind()).isEqualTo(PlanException.Kind.BAD_METADATA);
    assertThat(missing.getMessage())
        .isEqualTo(
            "scalerMetadata.tenant: expected a value. Found: none (for {{tenant}} in agents/cpu)");

    PlanException injected = refusal(() -> plan("live\"} or vector(1)", META));
    assertThat(injected.kind()).isEqualTo(PlanException.Kind.BAD_METADATA);
    assertThat(injected.getMessage())
        .isEqualTo(
            "scaledObjectRef.namespace: expected a Kubernetes name or label value (letters, digits, '-', '_', '.')."
                + " Found: \"live\\\"} or vector(1)\" (for {{namespace}} in agents/cpu)");
  }

  @Test
  void theMetricSpecChecksTheMetadataWithoutTheTarget() {
    TargetRef ref = new TargetRef("livekit", "so", Map.of("policy", "by-target"));
    assertThat(Planner.checkMetadata(set, ref).name()).isEqualTo("by-target");
    PlanException bad =
        refusal(
            () ->
                Planner.checkMetadata(
                    set, new TargetRef("livekit", "so", Map.of("policy", "agents"))));
    assertThat(bad.getMessage()).startsWith("scalerMetadata.tenant: expected a value");
  }

  @Test
  void theTargetComesFromTheClusterAndNeverFromTheMetadata() {
    TargetRef ref = new TargetRef("livekit", "so", Map.of("policy", "by-target", "target", "evil"));
    QueryPlan known =
        Planner.plan(set, ref, Optional.of("sip"), new Replicas.Known(3), NOW, Optional.empty());
    assertThat(known.signalQueries().get("calls").load())
        .isEqualTo("sum(calls{deployment=\"sip\"})");
    assertThat(known.replicas()).isEqualTo(new Replicas.Known(3));

    PlanException unknown =
        refusal(
            () ->
                Planner.plan(
                    set,
                    ref,
                    Optional.empty(),
                    new Replicas.Unknown("no ScaledObject livekit/so"),
                    NOW,
                    Optional.empty()));
    assertThat(unknown.kind()).isEqualTo(PlanException.Kind.TARGET_UNKNOWN);
    assertThat(unknown.getMessage())
        .isEqualTo(
            "by-target/calls: {{target}} needs the scale target of livekit/so, which is unknown:"
                + " no ScaledObject livekit/so");
    PlanException untracked =
        refusal(
            () ->
                Planner.plan(
                    set, ref, Optional.empty(), new Replicas.Untracked(), NOW, Optional.empty()));
    assertThat(untracked.getMessage()).endsWith("which is unknown: no Kubernetes API");
  }

  /** The answer time: caller's budget and query timeout (ms) -> ms after now. */
  @ParameterizedTest(name = "budget {0} ms, timeout {1} ms -> answer by +{2} ms")
  @CsvSource({
    // KEDA's HPA path gives 3 s: a fifth of it is over the 250 ms cap, and the timeout binds
    "3000, 2000, 2250",
    "3000, 2900, 2750",
    // a fifth of 1 s is kept back
    "1000, 2000, 800",
    // never less than 50 ms kept back
    "200, 2000, 150",
    // a budget already spent answers at once
    "30, 2000, 0",
    "0, 2000, 0",
  })
  void answersBeforeTheCallersDeadlineAndNeverAfterTheQueryTimeout(
      long budget, long timeout, long answerAfter) {
    assertThat(
            Planner.answerBy(
                NOW, Duration.ofMillis(timeout), Optional.of(Duration.ofMillis(budget))))
        .isEqualTo(NOW.plusMillis(answerAfter));
  }

  @Test
  void withoutACallerDeadlineTheQueryTimeoutBinds() {
    assertThat(Planner.answerBy(NOW, Duration.ofSeconds(2), Optional.empty()))
        .isEqualTo(NOW.plusMillis(2250));
  }
}
