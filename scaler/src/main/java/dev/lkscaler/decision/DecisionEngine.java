package dev.lkscaler.decision;

import dev.lkscaler.plan.Replicas;
import dev.lkscaler.policy.Activation;
import dev.lkscaler.policy.OnEmpty;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.Signal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns query results into decisions. Pure: no I/O, no clock, no logging. */
public final class DecisionEngine {
  private DecisionEngine() {}

  /** One signal's desired replicas from its query result, knowing the target's replicas. */
  public static SignalOutcome evaluate(
      String policy, Signal signal, QueryResult result, Replicas replicas) {
    String label = policy + "/" + signal.name();
    if (result instanceof QueryResult.Failure failure) {
      return new SignalOutcome.NoData(signal.name(), failure.detail());
    }
    boolean perPod = !(signal instanceof Signal.Capacity);
    if (result instanceof QueryResult.Scalar && perPod) {
      return new SignalOutcome.NoData(
          signal.name(),
          "query returned a scalar; a " + signal.type() + " signal needs one series per pod");
    }
    Samples samples = Samples.of(result);
    if (samples.values().length == 0) {
      return empty(label, signal, samples, replicas);
    }
    if (signal instanceof Signal.Utilization utilization) {
      return utilization(label, utilization, samples);
    }
    if (signal instanceof Signal.Capacity capacity) {
      return capacity(label, capacity, samples);
    }
    return headroom(label, (Signal.Headroom) signal, samples);
  }

  /**
   * No series. A target known to have 0 replicas has no load, whatever onEmpty says (scale from
   * zero); one known to run pods has no data; otherwise onEmpty decides.
   */
  private static SignalOutcome empty(
      String label, Signal signal, Samples samples, Replicas replicas) {
    String dropped = samples.droppedNote();
    String context;
    if (replicas instanceof Replicas.Known known) {
      if (known.count() > 0) {
        return new SignalOutcome.NoData(
            signal.name(),
            "query returned no series"
                + dropped
                + " while the target has "
                + known.count()
                + (known.count() == 1 ? " replica" : " replicas"));
      }
      context = "no series with 0 replicas: zero load";
    } else {
      String unknown =
          replicas instanceof Replicas.Unknown u ? ", replicas unknown (" + u.why() + ")" : "";
      if (signal.onEmpty() == OnEmpty.HOLD) {
        return new SignalOutcome.NoData(
            signal.name(), "query returned no series" + dropped + unknown + " (onEmpty: hold)");
      }
      context = "no series" + unknown + ", onEmpty zero";
    }
    if (signal instanceof Signal.Headroom headroom) {
      // zero load: no busy pods, but the idle ones are still wanted
      return new SignalOutcome.Measured(
          signal.name(),
          headroom.minIdle(),
          0,
          0,
          0,
          samples.dropped(),
          label
              + ": "
              + context
              + ": 0 busy + "
              + headroom.minIdle()
              + " idle wanted -> "
              + headroom.minIdle()
              + dropped);
    }
    return new SignalOutcome.Measured(
        signal.name(), 0, 0, 0, 0, samples.dropped(), label + ": " + context + " -> 0" + dropped);
  }

  private static SignalOutcome utilization(
      String label, Signal.Utilization signal, Samples samples) {
    double total = 0;
    int outOfService = 0;
    for (double load : samples.values()) {
      total += load;
      if (load >= signal.outOfServiceAt()) {
        outOfService++;
      }
    }
    long byLoad = ceilOfQuotient(total, signal.scaleUpAt());
    long floor = (long) outOfService + signal.minAvailable();
    long desired = Math.max(byLoad, floor);
    int pods = samples.values().length;
    String reason =
        String.format(
            Locale.ROOT,
            "%s: load %.2f over %d %s / %s -> %d (%d %s >= %s out of service%s)%s",
            label,
            total,
            pods,
            pods == 1 ? "pod" : "pods",
            number(signal.scaleUpAt()),
            byLoad,
            outOfService,
            outOfService == 1 ? "pod" : "pods",
            number(signal.outOfServiceAt()),
            floor > byLoad ? " + " + signal.minAvailable() + " available -> " + floor : "",
            samples.droppedNote());
    return new SignalOutcome.Measured(
        signal.name(), desired, total, pods, outOfService, samples.dropped(), reason);
  }

  private static SignalOutcome capacity(String label, Signal.Capacity signal, Samples samples) {
    double total = 0;
    for (double load : samples.values()) {
      total += load;
    }
    long desired = ceilOfQuotient(total, signal.capacityPerReplica() * signal.targetUtilization());
    String reason =
        String.format(
            Locale.ROOT,
            "%s: load %s / (%s per replica x %s) -> %d%s",
            label,
            number(total),
            number(signal.capacityPerReplica()),
            number(signal.targetUtilization()),
            desired,
            samples.droppedNote());
    return new SignalOutcome.Measured(
        signal.name(), desired, total, samples.values().length, 0, samples.dropped(), reason);
  }

  private static SignalOutcome headroom(String label, Signal.Headroom signal, Samples samples) {
    int busy = 0;
    for (double available : samples.values()) {
      if (available < Signal.Headroom.IDLE_AT_LEAST) {
        busy++;
      }
    }
    int pods = samples.values().length;
    long desired = (long) busy + signal.minIdle();
    String reason =
        String.format(
            Locale.ROOT,
            "%s: %d of %d %s busy + %d idle wanted -> %d%s",
            label,
            busy,
            pods,
            pods == 1 ? "pod" : "pods",
            signal.minIdle(),
            desired,
            samples.droppedNote());
    return new SignalOutcome.Measured(
        signal.name(), desired, busy, pods, 0, samples.dropped(), reason);
  }

  /**
   * The decision over all signals: the maximum, clamped to the policy's bounds. Missing when any
   * signal has no data, because a maximum that leaves one out could scale down under load.
   *
   * @param results one result per signal of the policy, by signal name
   */
  public static Verdict decide(Policy policy, Map<String, QueryResult> results, Replicas replicas) {
    List<SignalOutcome.Measured> measured = new ArrayList<>();
    for (Signal signal : policy.signals()) {
      QueryResult result = results.get(signal.name());
      if (result == null) {
        throw new IllegalArgumentException("no result for signal " + signal.name());
      }
      SignalOutcome outcome = evaluate(policy.name(), signal, result, replicas);
      if (outcome instanceof SignalOutcome.NoData noData) {
        return new Verdict.Missing(policy.name(), noData.signal(), noData.cause());
      }
      measured.add((SignalOutcome.Measured) outcome);
    }
    int winnerIndex = 0;
    for (int i = 1; i < measured.size(); i++) {
      if (measured.get(i).desired() > measured.get(winnerIndex).desired()) {
        winnerIndex = i;
      }
    }
    SignalOutcome.Measured winner = measured.get(winnerIndex);
    long unclamped = winner.desired();
    int desired = (int) Math.max(policy.minReplicas(), Math.min(policy.maxReplicas(), unclamped));
    StringBuilder reason = new StringBuilder(winner.reason());
    if (measured.size() > 1) {
      reason.append("; others:");
      for (SignalOutcome.Measured outcome : measured) {
        if (outcome != winner) {
          reason.append(' ').append(outcome.signal()).append(' ').append(outcome.desired());
        }
      }
    }
    if (replicas instanceof Replicas.Known known && winner.reporting() > 0) {
      reason.append("; ");
      if (!(policy.signals().get(winnerIndex) instanceof Signal.Capacity)) {
        reason
            .append(winner.reporting())
            .append(winner.reporting() == 1 ? " pod" : " pods")
            .append(" reporting of ");
      }
      reason.append(known.count()).append(known.count() == 1 ? " replica" : " replicas");
    } else if (replicas instanceof Replicas.Unknown unknown && winner.reporting() > 0) {
      reason.append("; replicas unknown (").append(unknown.why()).append(')');
    }
    if (desired > unclamped) {
      reason.append("; raised to minReplicas ").append(policy.minReplicas());
    } else if (desired < unclamped) {
      reason.append("; capped at maxReplicas ").append(policy.maxReplicas());
    }
    return new Verdict.Decided(
        new Decision(
            policy.name(), desired, unclamped, unclamped > 0, reason.toString(), measured));
  }

  /** Whether the activation query must be asked: only the signals' zero leaves activity open. */
  public static boolean needsActivation(Policy policy, Decision decision) {
    return decision.unclampedDesired() == 0 && policy.activation().isPresent();
  }

  /** Applies the activation query's result to a decision whose signals all say zero. */
  public static Verdict activate(Policy policy, Decision decision, QueryResult result) {
    Activation activation =
        policy.activation().orElseThrow(() -> new IllegalArgumentException("no activation"));
    if (result instanceof QueryResult.Failure failure) {
      return new Verdict.Missing(policy.name(), "activation", failure.detail());
    }
    Samples samples = Samples.of(result);
    if (samples.values().length == 0) {
      return new Verdict.Missing(
          policy.name(), "activation", "query returned no series" + samples.droppedNote());
    }
    double value = 0;
    for (double sample : samples.values()) {
      value += sample;
    }
    boolean active = value > activation.threshold();
    String reason =
        decision.reason()
            + String.format(
                Locale.ROOT,
                "; activation %s %s %s: %s",
                number(value),
                active ? ">" : "<=",
                number(activation.threshold()),
                active ? "active" : "inactive");
    return new Verdict.Decided(
        new Decision(
            decision.policy(),
            decision.desiredReplicas(),
            decision.unclampedDesired(),
            active,
            reason,
            decision.signals()));
  }

  /** ceil(numerator / denominator) after rounding the quotient to 9 decimal places. */
  public static long ceilOfQuotient(double numerator, double denominator) {
    double quotient = numerator / denominator;
    if (!(quotient > 0)) {
      return 0;
    }
    if (quotient >= 9.0e18) {
      return Long.MAX_VALUE;
    }
    return BigDecimal.valueOf(quotient)
        .setScale(9, RoundingMode.HALF_UP)
        .setScale(0, RoundingMode.CEILING)
        .longValueExact();
  }

  /** Shortest plain form: 0.5, 100, 2.75. */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return BigDecimal.valueOf(value)
        .setScale(4, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** Finite samples with negatives raised to 0, and the count of NaN/infinite ones dropped. */
  record Samples(double[] values, int dropped) {
    static Samples of(QueryResult result) {
      List<Double> raw =
          result instanceof QueryResult.Scalar scalar
              ? List.of(scalar.value())
              : ((QueryResult.Vector) result).values();
      double[] kept = new double[raw.size()];
      int count = 0;
      for (double value : raw) {
        if (Double.isFinite(value)) {
          kept[count++] = Math.max(0, value);
        }
      }
      return new Samples(java.util.Arrays.copyOf(kept, count), raw.size() - count);
    }

    String droppedNote() {
      if (dropped == 0) {
        return "";
      }
      return " [" + dropped + " NaN/Inf " + (dropped == 1 ? "sample" : "samples") + " dropped]";
    }
  }
}
