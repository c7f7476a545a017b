package dev.lkscaler.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.decision.Outcome;
import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.metrics.ScalerMetrics;
import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.prometheus.PrometheusLoadReader;
import dev.lkscaler.testing.MutableClock;
import dev.lkscaler.testing.PolicyTexts;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The shell with the real load reader and cache over an in-memory Prometheus, on a test clock. */
class ScalingShellTest {
  static final String POLICY =
      """
      prometheus: {url: http://prometheus:9090}
      cache: {ttl: 5s, lastKnownGoodFor: 2m}
      policies:
      """
          + PolicyTexts.AGENTS_AND_IDLE
          + """
          activation: {query: 'rooms{namespace="{{namespace}}"}', threshold: 0}
      """;

  private final MutableClock clock = new MutableClock();
  private final Map<String, QueryResult> prometheus = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final AtomicReference<Optional<PolicySet>> inForce = new AtomicReference<>();
  private final ScalingShell shell;

  ScalingShellTest() throws Exception {
    inForce.set(Optional.of(PolicyParser.parse(POLICY)));
    shell =
        new ScalingShell(
            inForce::get,
            () -> "the file is missing",
            ScaleTargets.UNTRACKED,
            new PrometheusLoadReader((settings, query) -> fetch(query), clock),
            new ScalerMetrics(registry),
            clock);
  }

  private CompletableFuture<QueryResult> fetch(String query) {
    asked.computeIfAbsent(query, q -> new AtomicInteger()).incrementAndGet();
    QueryResult result = prometheus.get(query);
    return result == null ? new CompletableFuture<>() : CompletableFuture.completedFuture(result);
  }

  private static QueryResult vector(Double... values) {
    return new QueryResult.Vector(List.of(values));
  }

  private static final QueryResult.Failure DOWN =
      new QueryResult.Failure(
          QueryResult.Cause.CONNECTION,
          "cannot reach Prometheus at http://prometheus:9090/api/v1/query: connection refused");

  private static final Map<String, String> META = Map.of("policy", "agents", "tenant", "t1");

  private CompletableFuture<Outcome> decide(
      String name, Map<String, String> metadata, Optional<Duration> budget) {
    return shell.decide("livekit", name, metadata, budget);
  }

  private Outcome answer(String name) {
    return decide(name, META, Optional.empty()).join();
  }

  private Decision decide(String name) {
    return answer(name).answer().orElseThrow();
  }

  private double counter(String name, String policy) {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getPrometheusName().equals(name))
        .flatMap(s -> ((CounterSnapshot) s).getDataPoints().stream())
        .filter(d -> d.getLabels().get("policy").equals(policy))
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .sum();
  }

  /** Asserts the call is refused with this kind; its message is there to assert on. */
  private static AbstractStringAssert<?> assertRefused(
      ThrowingCallable call, ScalingException.Kind kind) {
    ScalingException e = catchThrowableOfType(ScalingException.class, call);
    assertThat(e).as("a refusal").isNotNull();
    assertThat(e.kind()).isEqualTo(kind);
    return assertThat(e.getMessage());
  }

  @Test
  void namesTheMetricAfterCheckingTheMetadata() {
    assertThat(shell.metricName("livekit", "agents-so", META)).isEqualTo("lkscaler-agents");
  }

  @Test
  void refusalsKeepTheirKindForTheEdge() {
    assertRefused(
            () -> decide("so", Map.of(), Optional.empty()), ScalingException.Kind.BAD_METADATA)
        .isEqualTo(
            "scalerMetadata.policy: expected the name of a policy (one of agents, idle). Found: nothing");
    assertRefused(
            () -> shell.metricName("livekit", "so", Map.of("policy", "egress")),
            ScalingException.Kind.UNKNOWN_POLICY)
        .isEqualTo(
            "scalerMetadata.policy: expected one of the known policies agents, idle. Found: \"egress\"");
    inForce.set(Optional.empty());
    assertRefused(() -> decide("so", META, Optional.empty()), ScalingException.Kind.NO_POLICY)
        .isEqualTo("no valid policy is in force: the file is missing");
    assertThat(asked).as("a refused call asks nothing").isEmpty();
  }

  @Test
  void servesTheLastGoodDecisionWhileItIsYoungThenFails() {
    prometheus.put("load{namespace=\"livekit\",tenant=\"t1\"}", vector(0.9, 0.8, 0.6, 0.5));
    Decision fresh = decide("so");
    assertThat(fresh.desiredReplicas()).isEqualTo(6);
    assertThat(fresh.reason())
        .isEqualTo("agents/cpu: load 2.80 over 4 pods / 0.5 -> 6 (2 pods >= 0.7 out of service)");

    prometheus.put("load{namespace=\"livekit\",tenant=\"t1\"}", DOWN);
    clock.advance(Duration.ofSeconds(5));
    Decision stale = decide("so");
    assertThat(stale.desiredReplicas()).isEqualTo(6);
    assertThat(stale.active()).isTrue();
    assertThat(stale.reason())
        .isEqualTo(
            "last known good from 5s ago, because agents/cpu: "
                + DOWN.detail()
                + "; was: "
                + fresh.reason());
    assertThat(counter("lkscaler_last_known_good_served", "agents")).isEqualTo(1);

    clock.advance(Duration.ofSeconds(114));
    assertThat(decide("so").desiredReplicas()).isEqualTo(6);
    assertThat(counter("lkscaler_last_known_good_served", "agents")).isEqualTo(2);

    clock.advance(Duration.ofSeconds(1)); // 2m after the good decision
    assertThat(answer("so"))
        .isEqualTo(
            new Outcome.Unavailable(
                "agents/cpu: "
                    + DOWN.detail()
                    + "; no good decision for livekit/so within lastKnownGoodFor (2m)"));
    assertThat(counter("lkscaler_decisions_unavailable", "agents")).isEqualTo(1);
  }

  @Test
  void anOutageIsHeldAtTheTargetsCurrentReplicasUntilDataIsBack() {
    AtomicInteger replicas = new AtomicInteger(4);
    ScalingShell followed =
        new ScalingShell(
            inForce::get,
            () -> "the file is missing",
            (namespace, name) -> ScaleTargets.Status.known("agents", replicas.get()),
            new PrometheusLoadReader((settings, query) -> fetch(query), clock),
            new ScalerMetrics(new PrometheusRegistry()),
            clock);
    String load = "load{namespace=\"livekit\",tenant=\"t1\"}";
    prometheus.put(load, vector(0.9, 0.8, 0.6, 0.5));
    assertThat(followed.decide("livekit", "so", META, Optional.empty()).join())
        .isInstanceOf(Outcome.Fresh.class);

    // the HPA has 8 pods when Prometheus goes down: no scale-down comes of the outage
    replicas.set(8);
    prometheus.put(load, DOWN);
    clock.advance(Duration.ofSeconds(5));
    Decision held =
        followed.decide("livekit", "so", META, Optional.empty()).join().answer().orElseThrow();
    assertThat(held.desiredReplicas()).isEqualTo(8);
    assertThat(held.reason())
        .startsWith(
            "last known good from 5s ago, held at the target's 8 current replicas (it said 6)");

    prometheus.put(load, vector(0.2, 0.2));
    clock.advance(Duration.ofSeconds(5));
    Outcome back = followed.decide("livekit", "so", META, Optional.empty()).join();
    assertThat(back).isInstanceOf(Outcome.Fresh.class);
    assertThat(back.answer().orElseThrow().desiredReplicas()).isEqualTo(1);
  }

  @Test
  void countsDroppedSamples() {
    prometheus.put(
        "load{namespace=\"livekit\",tenant=\"t1\"}",
        vector(Double.NaN, 0.9, Double.POSITIVE_INFINITY));
    assertThat(decide("so").desiredReplicas()).isEqualTo(2);
    double dropped =
        registry.scrape().stream()
            .filter(s -> s.getMetadata().getPrometheusName().equals("lkscaler_samples_dropped"))
            .flatMap(s -> ((CounterSnapshot) s).getDataPoints().stream())
            .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
            .sum();
    assertThat(dropped).isEqualTo(2);
  }

  private List<String> desiredSeries() {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getPrometheusName().equals("lkscaler_desired_replicas"))
        .flatMap(s -> s.getDataPoints().stream())
        .map(d -> d.getLabels().get("scaledobject"))
        .toList();
  }

  @Test
  void forgetsScaledObjectsThatStopCalling() {
    prometheus.put("load{namespace=\"livekit\",tenant=\"t1\"}", vector(0.9));
    decide("gone");
    clock.advance(Duration.ofMinutes(10));
    decide("alive");
    assertThat(desiredSeries()).containsExactlyInAnyOrder("gone", "alive");
    shell.forgetIdle(Duration.ofMinutes(5));
    assertThat(desiredSeries()).containsExactly("alive");
    // and its last good decision is gone too
    prometheus.put("load{namespace=\"livekit\",tenant=\"t1\"}", DOWN);
    clock.advance(Duration.ofSeconds(5));
    assertThat(answer("gone")).isInstanceOf(Outcome.Unavailable.class);
    assertThat(decide("alive").desiredReplicas()).isEqualTo(2);
  }

  @Test
  void theLastGoodDecisionBelongsToOneScaledObject() {
    prometheus.put("load{namespace=\"livekit\",tenant=\"t1\"}", vector(0.9));
    assertThat(decide("first").desiredReplicas()).isEqualTo(2);
    prometheus.put("load{namespace=\"livekit\",tenant=\"t1\"}", vector());
    clock.advance(Duration.ofSeconds(5));
    assertThat(decide("first").desiredReplicas()).isEqualTo(2);
    assertThat(answer("second"))
        .isEqualTo(
            new Outcome.Unavailable(
                "agents/cpu: query returned no series (onEmpty: hold); no good decision for livekit/second"
                    + " within lastKnownGoodFor (2m)"));
  }

  @Test
  void anEmptyResultThatHoldsIsNeverZero() {
    prometheus.put("load{namespace=\"livekit\",tenant=\"t1\"}", vector());
    assertThat(answer("so")).isInstanceOf(Outcome.Unavailable.class);
  }

  @Test
  void asksTheActivationQueryOnlyWhenTheSignalsSayZero() {
    Map<String, String> meta = Map.of("policy", "idle");
    prometheus.put("load{namespace=\"livekit\"}", vector(0.4));
    prometheus.put("rooms{namespace=\"livekit\"}", vector(3.0));
    Decision busy = decide("so", meta, Optional.empty()).join().answer().orElseThrow();
    assertThat(busy.active()).isTrue();
    assertThat(asked.get("rooms{namespace=\"livekit\"}")).isNull();

    prometheus.put("load{namespace=\"livekit\"}", vector());
    clock.advance(Duration.ofSeconds(5));
    Decision idle = decide("so", meta, Optional.empty()).join().answer().orElseThrow();
    assertThat(idle.desiredReplicas()).isZero();
    assertThat(idle.active()).isTrue();
    assertThat(idle.reason())
        .isEqualTo("idle/cpu: no series, onEmpty zero -> 0; activation 3 > 0: active");
    assertThat(asked.get("rooms{namespace=\"livekit\"}").get()).isEqualTo(1);
  }

  @Test
  void answersByTheDeadlineWhenPrometheusHangs() {
    // no reply is registered: the fetch never completes; a 375 ms budget less its 75 ms margin
    CompletableFuture<Outcome> answer = decide("so", META, Optional.of(Duration.ofMillis(375)));
    assertThat(answer)
        .succeedsWithin(Duration.ofSeconds(2))
        .isEqualTo(
            new Outcome.Unavailable(
                "agents/cpu: no reply from Prometheus within the call's deadline (300ms); no good decision"
                    + " for livekit/so within lastKnownGoodFor (2m)"));
  }

  @Test
  void aPastDeadlineStillAnswers() {
    prometheus.put("load{namespace=\"livekit\",tenant=\"t1\"}", vector(0.9));
    // the result is already complete, so it wins over the zero budget or times out: never hangs
    CompletableFuture<Outcome> answer = decide("so", META, Optional.of(Duration.ZERO));
    assertThat(answer).succeedsWithin(Duration.ofSeconds(1));
  }
}
