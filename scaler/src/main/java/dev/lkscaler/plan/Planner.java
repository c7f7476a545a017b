package dev.lkscaler.plan;

import dev.lkscaler.policy.Demand;
import dev.lkscaler.policy.Durations;
import dev.lkscaler.policy.Lookahead;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.policy.Problem;
import dev.lkscaler.policy.QueryTemplate;
import dev.lkscaler.policy.Signal;
import dev.lkscaler.policy.Starts;
import dev.lkscaler.policy.TemplateException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * From a ScaledObject's reference to a {@link QueryPlan}, against one snapshot of the policy set.
 * Pure: the caller passes the time, the caller's budget and what the cluster says of the target.
 */
public final class Planner {
  /** The trigger metadata key that names the policy. */
  public static final String POLICY_KEY = "policy";

  /** The variable filled with the ScaledObject's scale target, from the cluster. */
  public static final String TARGET = "target";

  /** Time kept back from the caller's deadline to send the answer. */
  static final Duration MAX_MARGIN = Duration.ofMillis(250);

  static final Duration MIN_MARGIN = Duration.ofMillis(50);

  /** Beyond the query timeout, time to parse and decide. */
  static final Duration SLACK = Duration.ofMillis(250);

  private Planner() {}

  /**
   * The policy the metadata names, after checking every value its queries take from the call. The
   * target is not needed: GetMetricSpec has no transient errors once a policy is in force.
   */
  public static Policy checkMetadata(PolicySet set, TargetRef ref) {
    checkSizes(ref);
    Policy policy = policy(set, ref.metadata());
    Map<String, String> values = variables(ref, Optional.empty());
    forEachQuery(policy, (part, template) -> checkVariables(policy, part, template, values));
    return policy;
  }

  /**
   * The plan of one call.
   *
   * @param target the name of the ScaledObject's scale target, when the cluster knows it
   * @param callerBudget how long the caller waits, when it set a deadline
   * @throws PlanException for metadata the user must fix, or a needed target that is unknown
   */
  public static QueryPlan plan(
      PolicySet set,
      TargetRef ref,
      Optional<String> target,
      Replicas replicas,
      Instant now,
      Optional<Duration> callerBudget) {
    Policy policy = checkMetadata(set, ref);
    Map<String, String> values = variables(ref, target);
    Map<String, SignalParts<String>> signals = new LinkedHashMap<>();
    for (Signal signal : policy.signals()) {
      String load = expand(policy, signal.name(), signal.query(), values, replicas);
      Optional<Demand> demand = demand(signal);
      Optional<String> wanted =
          demand.map(d -> expand(policy, signal.name() + WANTED, d.wanted(), values, replicas));
      Optional<String> served =
          demand.map(d -> expand(policy, signal.name() + SERVED, d.served(), values, replicas));
      Optional<String> trend = signal.lookahead().map(l -> trendQuery(signal, load, wanted, l));
      Optional<String> starts =
          starts(signal)
              .map(s -> expand(policy, signal.name() + STARTS, s.query(), values, replicas));
      signals.put(signal.name(), new SignalParts<>(load, wanted, served, trend, starts));
    }
    Optional<String> activation =
        policy.activation().map(a -> expand(policy, ACTIVATION, a.query(), values, replicas));
    return new QueryPlan(
        policy,
        ref.namespace(),
        ref.name(),
        signals,
        activation,
        replicas,
        set.prometheus(),
        set.cache().ttl(),
        set.cache().lastKnownGoodFor(),
        answerBy(now, set.prometheus().timeout(), callerBudget));
  }

  /**
   * When a call must have its answer: before the caller's deadline less a margin (a fifth of the
   * time left, between 50 ms and 250 ms), and never later than a query may take, because KEDA's
   * poll path sets no deadline.
   */
  public static Instant answerBy(
      Instant now, Duration queryTimeout, Optional<Duration> callerBudget) {
    Instant latest = now.plus(queryTimeout).plus(SLACK);
    if (callerBudget.isEmpty()) {
      return latest;
    }
    long remaining = callerBudget.get().toMillis();
    long margin = Math.max(MIN_MARGIN.toMillis(), Math.min(MAX_MARGIN.toMillis(), remaining / 5));
    Instant callers = now.plusMillis(Math.max(0, remaining - margin));
    return callers.isBefore(latest) ? callers : latest;
  }

  private static final String ACTIVATION = "activation";

  private static final String WANTED = "/demand.wanted";

  private static final String SERVED = "/demand.served";

  private static final String STARTS = "/starts";

  /**
   * The trend of a signal's load, per second: {@code deriv} over a subquery of its sum (for
   * headroom, of the busy pods; with demand, of the wanted work). Too little history gives no
   * series.
   */
  static String trendQuery(
      Signal signal, String load, Optional<String> wanted, Lookahead lookahead) {
    String summed =
        wanted.orElseGet(
            () ->
                signal instanceof Signal.Headroom
                    ? "(" + load + ") < bool " + Problem.number(Signal.Headroom.IDLE_AT_LEAST)
                    : load);
    return "deriv(sum("
        + summed
        + ")["
        + Durations.format(lookahead.window())
        + ":"
        + Durations.format(lookahead.step())
        + "])";
  }

  private static Optional<Demand> demand(Signal signal) {
    return signal instanceof Signal.Utilization utilization
        ? utilization.demand()
        : Optional.empty();
  }

  private static Optional<Starts> starts(Signal signal) {
    return signal instanceof Signal.Headroom headroom ? headroom.starts() : Optional.empty();
  }

  /** The most trigger metadata keys a call may carry; KEDA's triggers have a handful. */
  static final int MAX_METADATA_KEYS = 64;

  /** The longest metadata key: a Kubernetes qualified name's 253. */
  static final int MAX_METADATA_KEY_LENGTH = 253;

  /** The longest metadata value read at all; a template value is checked further. */
  static final int MAX_METADATA_VALUE_LENGTH = 1024;

  /**
   * The call's sizes, before anything of it is read: the metadata and the reference are untrusted
   * (anyone who reaches the port can send them), and their text goes into errors and logs.
   */
  private static void checkSizes(TargetRef ref) {
    if (ref.namespace().length() > 63 || ref.namespace().isEmpty()) {
      throw badSize(
          "scaledObjectRef.namespace",
          "a namespace of 1 to 63 characters",
          ref.namespace().length() + " characters");
    }
    if (ref.name().length() > 253 || ref.name().isEmpty()) {
      throw badSize(
          "scaledObjectRef.name",
          "a name of 1 to 253 characters",
          ref.name().length() + " characters");
    }
    Map<String, String> metadata = ref.metadata();
    if (metadata.size() > MAX_METADATA_KEYS) {
      throw badSize(
          "scalerMetadata", "at most " + MAX_METADATA_KEYS + " keys", metadata.size() + " keys");
    }
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      if (entry.getKey().length() > MAX_METADATA_KEY_LENGTH) {
        throw badSize(
            "scalerMetadata",
            "keys of at most " + MAX_METADATA_KEY_LENGTH + " characters",
            "a key of " + entry.getKey().length() + " characters");
      }
      if (entry.getValue().length() > MAX_METADATA_VALUE_LENGTH) {
        throw badSize(
            "scalerMetadata." + entry.getKey(),
            "at most " + MAX_METADATA_VALUE_LENGTH + " characters",
            entry.getValue().length() + " characters");
      }
    }
  }

  private static PlanException badSize(String field, String expected, String found) {
    return new PlanException(PlanException.Kind.BAD_METADATA, Problem.at(field, expected, found));
  }

  private static Policy policy(PolicySet set, Map<String, String> metadata) {
    String policyName = metadata.get(POLICY_KEY);
    String known = String.join(", ", set.policies().keySet());
    if (policyName == null || policyName.isBlank()) {
      throw new PlanException(
          PlanException.Kind.BAD_METADATA,
          Problem.at(
              "scalerMetadata.policy",
              "the name of a policy (one of " + known + ")",
              Problem.describe(null)));
    }
    return set.policy(policyName)
        .orElseThrow(
            () ->
                new PlanException(
                    PlanException.Kind.UNKNOWN_POLICY,
                    Problem.at(
                        "scalerMetadata.policy",
                        "one of the known policies " + known,
                        Problem.describe(policyName))));
  }

  private static Map<String, String> variables(TargetRef ref, Optional<String> target) {
    Map<String, String> values = new HashMap<>(ref.metadata());
    // the reference and the cluster, not the metadata, say which ScaledObject and target this is
    values.put("namespace", ref.namespace());
    values.put("name", ref.name());
    values.remove(TARGET);
    target.ifPresent(t -> values.put(TARGET, t));
    return values;
  }

  private interface QueryVisitor {
    void visit(String part, QueryTemplate template);
  }

  private static void forEachQuery(Policy policy, QueryVisitor visitor) {
    for (Signal signal : policy.signals()) {
      visitor.visit(signal.name(), signal.query());
      demand(signal)
          .ifPresent(
              d -> {
                visitor.visit(signal.name() + WANTED, d.wanted());
                visitor.visit(signal.name() + SERVED, d.served());
              });
      starts(signal).ifPresent(s -> visitor.visit(signal.name() + STARTS, s.query()));
    }
    policy.activation().ifPresent(a -> visitor.visit(ACTIVATION, a.query()));
  }

  /** Every value the template takes from the call; the target comes from the cluster. */
  private static void checkVariables(
      Policy policy, String part, QueryTemplate template, Map<String, String> values) {
    for (String variable : template.variables()) {
      if (variable.equals(TARGET)) {
        continue;
      }
      String value = values.get(variable);
      if (value == null) {
        throw badValue(policy, part, variable, Problem.expected("a value", "none"));
      }
      Optional<String> problem = QueryTemplate.checkValue(value);
      if (problem.isPresent()) {
        throw badValue(policy, part, variable, problem.get());
      }
    }
  }

  private static String expand(
      Policy policy,
      String part,
      QueryTemplate template,
      Map<String, String> values,
      Replicas replicas) {
    if (template.variables().contains(TARGET) && !values.containsKey(TARGET)) {
      String why =
          replicas instanceof Replicas.Unknown unknown ? unknown.why() : "no Kubernetes API";
      throw new PlanException(
          PlanException.Kind.TARGET_UNKNOWN,
          policy.name()
              + "/"
              + part
              + ": {{target}} needs the scale target of "
              + values.get("namespace")
              + "/"
              + values.get("name")
              + ", which is unknown: "
              + why);
    }
    try {
      return template.expand(values);
    } catch (TemplateException e) {
      // only the target's name is left unchecked: the cluster gave a name it should not have
      String problem = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
      throw badValue(policy, part, e.variable(), problem);
    }
  }

  private static PlanException badValue(
      Policy policy, String part, String variable, String problem) {
    String field =
        switch (variable) {
          case "namespace", "name" -> "scaledObjectRef." + variable;
          case TARGET -> "scaleTargetRef.name";
          default -> "scalerMetadata." + variable;
        };
    return new PlanException(
        PlanException.Kind.BAD_METADATA,
        field
            + ": "
            + problem
            + " (for {{"
            + variable
            + "}} in "
            + policy.name()
            + "/"
            + part
            + ")");
  }
}
