package dev.lkscaler.tuning;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.decision.Evaluation;
import dev.lkscaler.decision.LastGood;
import dev.lkscaler.decision.Outcome;
import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.decision.SignalOutcome;
import dev.lkscaler.hpa.KedaFallback;
import dev.lkscaler.hpa.ScaledObjectReplay;
import dev.lkscaler.hpa.ScaledObjectSpec;
import dev.lkscaler.plan.Planner;
import dev.lkscaler.plan.QueryPlan;
import dev.lkscaler.plan.Replicas;
import dev.lkscaler.plan.TargetRef;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.policy.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Replays a policy over fetched history: at each step the plan and the evaluation of a live call,
 * with its last-known-good rule and the replayed replicas as the target's, and then KEDA and the
 * HPA on that answer. Pure: the history is passed in.
 */
public final class Backtest {
  private Backtest() {}

  /**
   * One step of a replay.
   *
   * @param targetReplicas the target's replicas that the step's plan saw, as serve knows them from
   *     the cluster; empty before the first answer when no start was given
   * @param replicas the replicas the HPA ran over the step, after this step's answer
   */
  public record Step(Instant at, OptionalInt targetReplicas, Outcome outcome, int replicas) {}

  /** A stretch of steps without fresh data, and the first cause. */
  public record Gap(Instant from, Instant to, int steps, String cause) {}

  /**
   * The figures of one replica curve.
   *
   * @param overloadedMinutes minutes in which the load per pod reached the out-of-service point
   *     (utilization), pods were full (capacity) or none was idle (headroom), on fresh data
   * @param shortSpareMinutes minutes in which the free capacity, in pods, was below minAvailable
   *     (utilization) or minIdle (headroom), or below none (capacity), on fresh data
   * @param noDataMinutes minutes answered by a last good decision, a hold, or UNAVAILABLE
   */
  public record Summary(
      double podHours,
      int peakReplicas,
      double overloadedMinutes,
      double shortSpareMinutes,
      int scaleEvents,
      double noDataMinutes) {}

  public record Run(List<Step> steps, Summary summary, List<Gap> gaps) {
    public Run {
      steps = List.copyOf(steps);
      gaps = List.copyOf(gaps);
    }
  }

  /**
   * @param history each query's result at each step of the window
   * @param startReplicas the target's replicas at the start; the first decision's when empty
   */
  public static Run replay(
      PolicySet set,
      TargetRef ref,
      Optional<String> target,
      RangeFetcher.Window window,
      Map<String, List<QueryResult>> history,
      ScaledObjectSpec spec,
      OptionalInt startReplicas) {
    List<Step> steps = new ArrayList<>(window.steps());
    Optional<LastGood> lastGood = Optional.empty();
    ScaledObjectReplay hpa = null;
    // before the first answer the target's count is only known when given
    int replicas = startReplicas.orElse(-1);
    double origin = window.from().toEpochMilli() / 1000.0;
    for (int i = 0; i < window.steps(); i++) {
      Instant at = window.at(i);
      OptionalInt seen = replicas < 0 ? OptionalInt.empty() : OptionalInt.of(replicas);
      QueryPlan plan =
          Planner.plan(
              set,
              ref,
              target,
              seen.isPresent() ? new Replicas.Known(seen.getAsInt()) : new Replicas.Untracked(),
              at,
              Optional.empty());
      Map<String, QueryResult> results = new HashMap<>();
      for (String query : plan.queries()) {
        List<QueryResult> series = history.get(query);
        if (series == null) {
          throw new IllegalArgumentException("no history fetched for " + query);
        }
        results.put(query, series.get(i));
      }
      Outcome outcome = Evaluation.evaluate(plan, results, lastGood, at);
      if (outcome instanceof Outcome.Fresh fresh) {
        lastGood = Optional.of(new LastGood(fresh.decision(), at));
      }
      Optional<KedaFallback.Answer> answer =
          outcome
              .answer()
              .map(
                  decision ->
                      new KedaFallback.Answer(decision.desiredReplicas(), decision.active()));
      if (hpa == null) {
        if (startReplicas.isEmpty()) {
          replicas = answer.map(a -> (int) a.value()).orElse(spec.minReplicaCount());
        }
        hpa = new ScaledObjectReplay(spec, origin, replicas);
      }
      double end = (window.at(i).toEpochMilli() + window.step().toMillis()) / 1000.0;
      replicas = hpa.advance(end, answer);
      steps.add(new Step(at, seen, outcome, replicas));
    }
    Policy policy = set.policies().get(ref.metadata().get("policy"));
    return new Run(steps, summarize(policy, steps, window.step()), gaps(steps, window.step()));
  }

  /** The figures of the replica curve {@code replicas} (one per step) against the steps' data. */
  public static Summary summarize(Policy policy, List<Step> steps, Duration step) {
    double minutes = step.toMillis() / 60_000.0;
    double podHours = 0;
    int peak = 0;
    double overloaded = 0;
    double shortSpare = 0;
    int events = 0;
    double noData = 0;
    Integer previous = null;
    for (Step s : steps) {
      podHours += s.replicas() * minutes / 60;
      peak = Math.max(peak, s.replicas());
      if (previous != null && previous != s.replicas()) {
        events++;
      }
      previous = s.replicas();
      if (s.outcome() instanceof Outcome.Fresh fresh) {
        if (overloaded(policy, fresh.decision(), s.replicas())) {
          overloaded += minutes;
        }
        if (shortOfSpare(policy, fresh.decision(), s.replicas())) {
          shortSpare += minutes;
        }
      } else {
        noData += minutes;
      }
    }
    return new Summary(podHours, peak, overloaded, shortSpare, events, noData);
  }

  private static Optional<Signal> signal(Policy policy, String name) {
    return policy.signals().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  private static boolean overloaded(Policy policy, Decision decision, int replicas) {
    for (SignalOutcome.Measured measured : decision.signals()) {
      Optional<Signal> signal = signal(policy, measured.signal());
      double input = measured.input();
      boolean full =
          signal
              .map(
                  s -> {
                    if (s instanceof Signal.Utilization u) {
                      return input > 0 && input >= u.outOfServiceAt() * replicas;
                    }
                    if (s instanceof Signal.Capacity c) {
                      return input > 0 && input >= c.capacityPerReplica() * replicas;
                    }
                    return input > 0 && input >= replicas;
                  })
              .orElse(false);
      if (full) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the pods' free capacity, in pods, is below what the signal keeps spare: the load is
   * taken as spread evenly over the replayed pods (utilization: up to outOfServiceAt each;
   * capacity: up to capacityPerReplica; headroom: one busy pod per unit).
   */
  private static boolean shortOfSpare(Policy policy, Decision decision, int replicas) {
    if (!decision.active()) {
      return false;
    }
    for (SignalOutcome.Measured measured : decision.signals()) {
      Optional<Signal> found = signal(policy, measured.signal());
      if (found.isEmpty()) {
        continue;
      }
      Signal s = found.get();
      double input = measured.input();
      double spare;
      int wanted;
      if (s instanceof Signal.Utilization u) {
        spare = replicas - input / u.outOfServiceAt();
        wanted = u.minAvailable();
      } else if (s instanceof Signal.Capacity c) {
        spare = replicas - input / c.capacityPerReplica();
        wanted = 0;
      } else {
        spare = replicas - input;
        wanted = ((Signal.Headroom) s).minIdle();
      }
      if (spare < wanted - 1e-9) {
        return true;
      }
    }
    return false;
  }

  private static List<Gap> gaps(List<Step> steps, Duration step) {
    List<Gap> gaps = new ArrayList<>();
    Instant from = null;
    String cause = null;
    int count = 0;
    for (Step s : steps) {
      Optional<String> missing = s.outcome().missingData();
      if (missing.isPresent()) {
        if (from == null) {
          from = s.at();
          cause = missing.get();
        }
        count++;
      } else if (from != null) {
        gaps.add(new Gap(from, s.at(), count, cause));
        from = null;
        count = 0;
      }
    }
    if (from != null) {
      Instant end = steps.get(steps.size() - 1).at().plus(step);
      gaps.add(new Gap(from, end, count, cause));
    }
    return gaps;
  }
}
