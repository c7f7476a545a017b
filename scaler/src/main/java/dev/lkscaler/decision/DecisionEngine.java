package dev.lkscaler.decision;

import dev.lkscaler.plan.Replicas;
import dev.lkscaler.plan.SignalParts;
import dev.lkscaler.policy.Activation;
import dev.lkscaler.policy.Demand;
import dev.lkscaler.policy.Durations;
import dev.lkscaler.policy.Lookahead;
import dev.lkscaler.policy.OnEmpty;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.Signal;
import dev.lkscaler.policy.Starts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Turns query results into decisions. Pure: no I/O, no clock, no logging. */
public final class DecisionEngine {
  private DecisionEngine() {}

  /** One signal's desired replicas from its load query alone; for a signal with no other query. */
  public static SignalOutcome evaluate(
      String policy, Signal signal, QueryResult result, Replicas replicas) {
    return evaluate(policy, signal, SignalParts.of(result), replicas);
  }

  /** One signal's desired replicas from its queries' results, knowing the target's replicas. */
  public static SignalOutcome evaluate(
      String policy, Signal signal, SignalParts<QueryResult> results, Replicas replicas) {
    Optional<Demand> demand =
        signal instanceof Signal.Utilization utilization ? utilization.demand() : Optional.empty();
    Optional<Starts> starts =
        signal instanceof Signal.Headroom headroom ? headroom.starts() : Optional.empty();
    if (results.wanted().isPresent() != demand.isPresent()
        || results.trend().isPresent() != signal.lookahead().isPresent()
        || results.starts().isPresent() != starts.isPresent()) {
      throw new IllegalArgumentException("results that are not those of " + signal.name());
    }
    String label = policy + "/" + signal.name();
    Optional<String> tooMany = tooManySeries(signal, results);
    if (tooMany.isPresent()) {
      return new SignalOutcome.NoData(signal.name(), tooMany.get());
    }
    QueryResult result = results.load();
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
    String zeroLoad = null;
    if (samples.values().length == 0) {
      Total empty = empty("", signal, samples, replicas);
      if (empty instanceof Total.Missing missing) {
        return new SignalOutcome.NoData(signal.name(), missing.cause());
      }
      zeroLoad = ((Total.Zero) empty).context();
    }
    Optional<Trend> trend = Optional.empty();
    if (results.trend().isPresent()) {
      QueryResult trendResult = results.trend().get();
      if (trendResult instanceof QueryResult.Failure failure) {
        return new SignalOutcome.NoData(signal.name(), "lookahead: " + failure.detail());
      }
      trend = Optional.of(Trend.of(trendResult, signal.lookahead().orElseThrow()));
    }
    Load load = new Load(zeroLoad, samples, trend);
    if (signal instanceof Signal.Utilization utilization) {
      if (demand.isPresent()) {
        Total wanted = total(DEMAND_WANTED, signal, results.wanted().orElseThrow(), replicas);
        Total served = total(DEMAND_SERVED, signal, results.served().orElseThrow(), replicas);
        for (Total total : List.of(wanted, served)) {
          if (total instanceof Total.Missing missing) {
            return new SignalOutcome.NoData(signal.name(), missing.cause());
          }
        }
        return utilization(
            label, utilization, load, Optional.of(new Work(Total.of(wanted), Total.of(served))));
      }
      return utilization(label, utilization, load, Optional.empty());
    }
    if (signal instanceof Signal.Capacity capacity) {
      return capacity(label, capacity, load);
    }
    Optional<Double> perSecond = Optional.empty();
    if (results.starts().isPresent()) {
      QueryResult startsResult = results.starts().get();
      if (startsResult instanceof QueryResult.Failure failure) {
        return new SignalOutcome.NoData(signal.name(), "starts: " + failure.detail());
      }
      Samples started = Samples.of(startsResult);
      // no series: the counter has not counted a start yet, so none started
      perSecond =
          started.values().length == 0 ? Optional.empty() : Optional.of(sum(started.values()));
    }
    return headroom(label, (Signal.Headroom) signal, load, perSecond);
  }

  private static double sum(double[] values) {
    double total = 0;
    for (double value : values) {
      total += value;
    }
    return total;
  }

  /**
   * A query that returned more series than the signal allows: a broken query or server, never a
   * fleet of that size, so no data rather than a decision.
   */
  private static Optional<String> tooManySeries(Signal signal, SignalParts<QueryResult> results) {
    Map<String, Optional<QueryResult>> parts = new java.util.LinkedHashMap<>();
    parts.put("", Optional.of(results.load()));
    parts.put(DEMAND_WANTED, results.wanted());
    parts.put(DEMAND_SERVED, results.served());
    parts.put("lookahead: ", results.trend());
    parts.put("starts: ", results.starts());
    for (Map.Entry<String, Optional<QueryResult>> part : parts.entrySet()) {
      if (part.getValue().orElse(null) instanceof QueryResult.Vector vector
          && vector.values().size() > signal.maxSeries()) {
        return Optional.of(
            part.getKey()
                + vector.values().size()
                + " series, above maxSeries "
                + signal.maxSeries());
      }
    }
    return Optional.empty();
  }

  private static final String DEMAND_WANTED = "demand.wanted: ";

  private static final String DEMAND_SERVED = "demand.served: ";

  /**
   * A signal's load query and its trend, as read for one evaluation: the samples, or why there are
   * none ({@code zeroLoad}, when an empty result means zero load); it collects the reason's words
   * for each change to the load, so it lives for one call only.
   */
  private static final class Load {
    private final String zeroLoad;
    private final Samples samples;
    private final Optional<Trend> trend;
    private final List<String> steps = new ArrayList<>();

    Load(String zeroLoad, Samples samples, Optional<Trend> trend) {
      this.zeroLoad = zeroLoad;
      this.samples = samples;
      this.trend = trend;
    }

    String zeroLoad() {
      return zeroLoad;
    }

    Samples samples() {
      return samples;
    }

    Optional<Trend> trend() {
      return trend;
    }

    List<String> steps() {
      return steps;
    }

    double total() {
      return sum(samples.values());
    }

    int pods() {
      return samples.values().length;
    }

    /** The trend's rise over the horizon; 0 without lookahead, history or a rise. */
    double rise() {
      return trend.map(Trend::rise).orElse(0.0);
    }

    /**
     * The lookahead's part of the reason and its count: the projected load must fit below the
     * out-of-service point, since the scale-up point's headroom is there for the scaling lag.
     *
     * @param projected the load the trend reaches at the horizon
     * @param via how the trend became that load, when not by adding its rise
     * @param capacity what one replica carries in service, as the reason writes the division
     */
    Projection project(double projected, String via, double perReplica, String capacity) {
      if (trend.isEmpty()) {
        return new Projection(0, "");
      }
      Trend t = trend.get();
      if (t.rise() <= 0) {
        return new Projection(0, ", " + t.describe());
      }
      long count = ceilOfQuotient(projected, perReplica);
      return new Projection(
          count,
          ", "
              + t.describe()
              + via
              + " -> "
              + amount(projected)
              + " / "
              + capacity
              + " -> "
              + count);
    }

    /** What the reason says before the load is divided: the measured load and each step. */
    String head(String measured) {
      String start = zeroLoad != null ? zeroLoad : measured;
      return steps.isEmpty() ? start : start + ", " + String.join(", ", steps);
    }
  }

  /**
   * The load's trend: its slope per second from {@code deriv}, and how much it adds over the
   * horizon; a falling trend adds nothing, and without history there is none.
   */
  private record Trend(Optional<Double> slope, Lookahead lookahead) {
    static Trend of(QueryResult result, Lookahead lookahead) {
      List<Double> values =
          result instanceof QueryResult.Scalar scalar
              ? List.of(scalar.value())
              : ((QueryResult.Vector) result).values();
      Optional<Double> slope = Optional.empty();
      for (double value : values) {
        if (Double.isFinite(value)) {
          slope = Optional.of(slope.orElse(0.0) + value);
        }
      }
      return new Trend(slope, lookahead);
    }

    double rise() {
      double seconds = lookahead.horizon().toMillis() / 1000.0;
      return slope.map(s -> Math.max(0, s * seconds)).orElse(0.0);
    }

    String describe() {
      if (slope.isEmpty()) {
        return "no trend yet";
      }
      String perSecond = (slope.get() >= 0 ? "+" : "") + number(slope.get()) + "/s";
      return slope.get() > 0
          ? "trend " + perSecond + " x " + Durations.format(lookahead.horizon())
          : "trend " + perSecond + ": no rise";
    }
  }

  /** What the lookahead asks for, and how the reason says it (empty without lookahead). */
  private record Projection(long count, String note) {}

  /** The demand's totals: work wanted and work served. */
  private record Work(double wanted, double served) {}

  /** A summed query as read: its total, zero load, or no data. */
  private sealed interface Total {
    record Value(double value) implements Total {}

    /** Empty, read as zero load; {@code context} says why. */
    record Zero(String context) implements Total {}

    record Missing(String cause) implements Total {}

    /** The total of a query that has data. */
    static double of(Total total) {
      if (total instanceof Total.Missing missing) {
        throw new IllegalStateException(missing.cause());
      }
      return total instanceof Total.Value value ? value.value() : 0;
    }
  }

  /** A query summed, as the load query's empty results are read; {@code part} prefixes causes. */
  private static Total total(String part, Signal signal, QueryResult result, Replicas replicas) {
    if (result instanceof QueryResult.Failure failure) {
      return new Total.Missing(part + failure.detail());
    }
    Samples samples = Samples.of(result);
    if (samples.values().length == 0) {
      return empty(part, signal, samples, replicas);
    }
    return new Total.Value(sum(samples.values()));
  }

  /**
   * No series. A target known to have 0 replicas has no load, whatever onEmpty says (scale from
   * zero); one known to run pods has no data; otherwise onEmpty decides.
   */
  private static Total empty(String part, Signal signal, Samples samples, Replicas replicas) {
    String dropped = samples.droppedNote();
    if (replicas instanceof Replicas.Known known) {
      if (known.count() > 0) {
        return new Total.Missing(
            part
                + "query returned no series"
                + dropped
                + " while the target has "
                + known.count()
                + (known.count() == 1 ? " replica" : " replicas"));
      }
      return new Total.Zero("no series with 0 replicas: zero load");
    }
    String unknown =
        replicas instanceof Replicas.Unknown u ? ", replicas unknown (" + u.why() + ")" : "";
    if (signal.onEmpty() == OnEmpty.HOLD) {
      return new Total.Missing(
          part + "query returned no series" + dropped + unknown + " (onEmpty: hold)");
    }
    return new Total.Zero("no series" + unknown + ", onEmpty zero");
  }

  /** The load now and at the horizon, with how the trend got there (for the reason). */
  private record Loads(double now, double ahead, String via) {}

  /**
   * The load scaled by the demand. Work wanted but not served counts only while no pod can take it
   * (every reporting pod at or above outOfServiceAt): while one can, it is work that wants no pod,
   * or is being handed to one. Then the load is scaled by wanted / served (never below the measured
   * load); while nothing is served, the wanted work at perReplica a replica, and no load at all
   * when nothing is wanted either: the pods' load is then their idle load. The trend is the wanted
   * work's.
   */
  private static Loads demanded(
      Signal.Utilization signal, Load load, double measured, int free, Work work) {
    Demand demand = signal.demand().orElseThrow();
    String wanted = number(work.wanted()) + " wanted";
    double rise = load.rise();
    if (work.served() > 0) {
      String served = wanted + " / " + number(work.served()) + " served";
      if (free > 0) {
        double ahead = work.served() + rise;
        load.steps()
            .add(
                served
                    + " with "
                    + free
                    + (free == 1 ? " pod" : " pods")
                    + " below "
                    + number(signal.outOfServiceAt())
                    + ": unserved work not counted -> "
                    + amount(measured));
        return new Loads(
            measured,
            measured * ahead / work.served(),
            ": " + number(ahead) + " / " + number(work.served()) + " served");
      }
      double factor = Math.max(1, work.wanted() / work.served());
      double factorAhead = Math.max(1, (work.wanted() + rise) / work.served());
      load.steps()
          .add(served + ", no pod free: x" + number(factor) + " -> " + amount(measured * factor));
      return new Loads(
          measured * factor,
          measured * factorAhead,
          ": " + number(work.wanted() + rise) + " / " + number(work.served()) + " served");
    }
    if (work.wanted() > 0) {
      double scale = signal.scaleUpAt() / demand.perReplica();
      load.steps()
          .add(
              wanted
                  + ", none served: at "
                  + number(demand.perReplica())
                  + " per replica -> "
                  + amount(work.wanted() * scale));
      return new Loads(
          work.wanted() * scale,
          (work.wanted() + rise) * scale,
          ": " + number(work.wanted() + rise) + " wanted");
    }
    load.steps().add(wanted + ", none served: no work -> 0");
    return new Loads(
        0, rise * signal.scaleUpAt() / demand.perReplica(), ": " + number(rise) + " wanted");
  }

  private static String amount(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static SignalOutcome utilization(
      String label, Signal.Utilization signal, Load load, Optional<Work> work) {
    Samples samples = load.samples();
    double total = load.total();
    int outOfService = 0;
    for (double value : samples.values()) {
      if (value >= signal.outOfServiceAt()) {
        outOfService++;
      }
    }
    int pods = load.pods();
    Loads loads =
        work.isPresent()
            ? demanded(signal, load, total, pods - outOfService, work.get())
            : new Loads(total, total + load.rise(), "");
    long byNow = ceilOfQuotient(loads.now(), signal.scaleUpAt());
    Projection projection =
        load.project(
            loads.ahead(), loads.via(), signal.outOfServiceAt(), number(signal.outOfServiceAt()));
    long byLoad = Math.max(byNow, projection.count());
    String head =
        load.head(
                String.format(
                    Locale.ROOT, "load %.2f over %d %s", total, pods, pods == 1 ? "pod" : "pods"))
            + " / "
            + number(signal.scaleUpAt())
            + " -> "
            + byNow
            + projection.note();
    if (pods == 0) {
      // no pods: no pods beside the out-of-service ones are wanted yet
      String reason =
          load.steps().isEmpty() && projection.note().isEmpty()
              ? label + ": " + load.head("") + " -> 0" + samples.droppedNote()
              : label + ": " + head + samples.droppedNote();
      return new SignalOutcome.Measured(
          signal.name(), byLoad, byLoad, total, 0, 0, samples.dropped(), reason);
    }
    long floor = (long) outOfService + signal.minAvailable();
    long desired = Math.max(byLoad, floor);
    String reason =
        String.format(
            Locale.ROOT,
            "%s: %s (%d %s >= %s out of service%s)%s",
            label,
            head,
            outOfService,
            outOfService == 1 ? "pod" : "pods",
            number(signal.outOfServiceAt()),
            floor > byLoad ? " + " + signal.minAvailable() + " available -> " + floor : "",
            samples.droppedNote());
    return new SignalOutcome.Measured(
        signal.name(),
        desired,
        Math.max(byLoad, outOfService),
        total,
        pods,
        outOfService,
        samples.dropped(),
        reason);
  }

  private static SignalOutcome capacity(String label, Signal.Capacity signal, Load load) {
    Samples samples = load.samples();
    double total = load.total();
    long byNow = ceilOfQuotient(total, signal.capacityPerReplica() * signal.targetUtilization());
    Projection projection =
        load.project(
            total + load.rise(),
            "",
            signal.capacityPerReplica(),
            number(signal.capacityPerReplica()) + " per replica");
    long desired = Math.max(byNow, projection.count());
    String reason =
        load.zeroLoad() != null && projection.count() == 0
            ? label + ": " + load.zeroLoad() + " -> 0" + projection.note() + samples.droppedNote()
            : String.format(
                Locale.ROOT,
                "%s: %s / (%s per replica x %s) -> %d%s%s",
                label,
                load.head("load " + number(total)),
                number(signal.capacityPerReplica()),
                number(signal.targetUtilization()),
                byNow,
                projection.note(),
                samples.droppedNote());
    return new SignalOutcome.Measured(
        signal.name(), desired, desired, total, load.pods(), 0, samples.dropped(), reason);
  }

  /**
   * Busy pods plus idle ones: with starts, one for each piece of work that starts within the
   * horizon; and minIdle beyond them, for starts at the same moment and the noise in their rate.
   * The work starting is load the pods will need; minIdle is spare.
   *
   * @param perSecond the starts per second; empty with starts but none counted yet
   */
  private static SignalOutcome headroom(
      String label, Signal.Headroom signal, Load load, Optional<Double> perSecond) {
    Samples samples = load.samples();
    int busy = 0;
    for (double available : samples.values()) {
      if (available < Signal.Headroom.IDLE_AT_LEAST) {
        busy++;
      }
    }
    int pods = load.pods();
    // a pod is idle or busy, with no margin between: minIdle covers starts at the same moment,
    // so it is kept beyond the busy pods the trend projects
    double rise = load.rise();
    double projected = busy + rise;
    long needed = ceilOfQuotient(projected, 1);
    long starting = 0;
    String startsNote = "";
    if (signal.starts().isPresent()) {
      Duration horizon = signal.starts().get().horizon();
      String within = " within " + Durations.format(horizon);
      if (perSecond.isPresent()) {
        starting = ceilOfQuotient(perSecond.get() * horizon.toMillis() / 1000.0, 1);
        startsNote =
            " + " + starting + " starting" + within + " (" + number(perSecond.get()) + "/s)";
      } else {
        startsNote = " + 0 starting" + within + " (no starts counted yet)";
      }
    }
    long desired = needed + starting + signal.minIdle();
    String measured =
        load.zeroLoad() != null
            ? load.zeroLoad() + ": 0 busy"
            : String.format(
                Locale.ROOT, "%d of %d %s busy", busy, pods, pods == 1 ? "pod" : "pods");
    String head =
        load.trend()
            .map(t -> measured + ", " + t.describe() + (rise > 0 ? " -> " + amount(projected) : ""))
            .orElse(measured);
    String reason =
        String.format(
            Locale.ROOT,
            "%s: %s%s + %d idle wanted -> %d%s",
            label,
            head,
            startsNote,
            signal.minIdle(),
            desired,
            samples.droppedNote());
    return new SignalOutcome.Measured(
        signal.name(), desired, needed + starting, busy, pods, 0, samples.dropped(), reason);
  }

  /**
   * The decision over all signals: the maximum, clamped to the policy's bounds. Missing when any
   * signal has no data, because a maximum that leaves one out could scale down under load.
   *
   * @param results one result per signal of the policy, by signal name
   */
  public static Verdict decide(
      Policy policy, Map<String, SignalParts<QueryResult>> results, Replicas replicas) {
    List<SignalOutcome.Measured> measured = new ArrayList<>();
    for (Signal signal : policy.signals()) {
      SignalParts<QueryResult> result = results.get(signal.name());
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
    // minReplicas 1 or more never lets KEDA scale to 0; at 0, activation may decide (below)
    boolean active = unclamped > 0 || policy.minReplicas() > 0;
    return new Verdict.Decided(
        new Decision(policy.name(), desired, unclamped, active, reason.toString(), measured));
  }

  /**
   * Whether the activation query must be asked: only when the signals' load needs no pod, so that
   * only the spare pods (minAvailable, minIdle) would keep the workload up, and minReplicas allows
   * 0.
   */
  public static boolean needsActivation(Policy policy, Decision decision) {
    return policy.activation().isPresent()
        && policy.minReplicas() == 0
        && decision.signals().stream().allMatch(signal -> signal.needed() == 0);
  }

  /**
   * Applies the activation query's result to a decision whose load needs no pod: active keeps the
   * spare pods, inactive asks for none.
   */
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
    double value = sum(samples.values());
    boolean active = value > activation.threshold();
    boolean spareDropped = !active && decision.desiredReplicas() > 0;
    String reason =
        decision.reason()
            + String.format(
                Locale.ROOT,
                "; activation %s %s %s: %s",
                number(value),
                active ? ">" : "<=",
                number(activation.threshold()),
                active ? "active" : "inactive")
            + (spareDropped ? ": no spare pods while inactive -> 0" : "");
    return new Verdict.Decided(
        new Decision(
            decision.policy(),
            active ? decision.desiredReplicas() : 0,
            active ? decision.unclampedDesired() : 0,
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
