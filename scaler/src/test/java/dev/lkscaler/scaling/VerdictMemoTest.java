package dev.lkscaler.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.decision.Evaluation;
import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.decision.Verdict;
import dev.lkscaler.plan.Planner;
import dev.lkscaler.plan.QueryPlan;
import dev.lkscaler.plan.Replicas;
import dev.lkscaler.plan.TargetRef;
import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PolicySet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictMemoTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final PolicySet POLICIES = parse();

  private static PolicySet parse() {
    try {
      return PolicyParser.parse(
          """
          prometheus: {url: http://p:9090}
          policies:
            agents:
              signals:
                - {name: load, type: utilization, query: 'load{namespace="{{namespace}}"}'}
          """);
    } catch (dev.lkscaler.policy.PolicyException e) {
      throw new IllegalStateException(e);
    }
  }

  private final VerdictMemo memo = new VerdictMemo();

  private static QueryPlan plan(String name, Replicas replicas) {
    return Planner.plan(
        POLICIES,
        new TargetRef("livekit", name, Map.of("policy", "agents")),
        Optional.empty(),
        replicas,
        NOW,
        Optional.empty());
  }

  private static Map<String, QueryResult> loads(QueryPlan plan, Double... values) {
    return Map.of(plan.signalQueries().get("load").load(), new QueryResult.Vector(List.of(values)));
  }

  private static int desired(Evaluation.Next next) {
    return ((Verdict.Decided) ((Evaluation.Next.Judged) next).verdict())
        .decision()
        .desiredReplicas();
  }

  @Test
  void theSameInputsGiveTheSameAnswerWithoutAnotherEvaluation() {
    QueryPlan plan = plan("a", new Replicas.Known(2));
    Map<String, QueryResult> results = loads(plan, 0.6, 0.6);
    Evaluation.Next first = memo.next(plan, results);
    assertThat(desired(first)).isEqualTo(3);
    // a later call: a new plan (its deadline moves), the same cached results
    assertThat(memo.next(plan("a", new Replicas.Known(2)), results)).isSameAs(first);
    assertThat(first).isEqualTo(Evaluation.next(plan, results));
  }

  @Test
  void newResultsReplicasOrAnotherScaledObjectAreEvaluatedAfresh() {
    QueryPlan plan = plan("a", new Replicas.Known(2));
    Evaluation.Next first = memo.next(plan, loads(plan, 0.6, 0.6));
    Evaluation.Next refreshed = memo.next(plan, loads(plan, 0.9, 0.9));
    assertThat(refreshed).isNotSameAs(first);
    assertThat(desired(refreshed)).isEqualTo(4);

    QueryPlan scaled = plan("a", new Replicas.Known(4));
    assertThat(memo.next(scaled, loads(scaled, 0.9, 0.9))).isNotSameAs(refreshed);

    QueryPlan other = plan("b", new Replicas.Known(4));
    Evaluation.Next b = memo.next(other, loads(other, 0.9, 0.9));
    assertThat(memo.next(scaled, loads(scaled, 0.9, 0.9))).isNotSameAs(b);
  }

  @Test
  void aForgottenScaledObjectIsEvaluatedAgain() {
    QueryPlan plan = plan("a", new Replicas.Known(2));
    Map<String, QueryResult> results = loads(plan, 0.6, 0.6);
    Evaluation.Next first = memo.next(plan, results);
    memo.forget(plan.key());
    assertThat(memo.next(plan, results)).isNotSameAs(first).isEqualTo(first);
  }
}
