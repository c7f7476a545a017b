package dev.lkscaler.scaling;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.decision.Outcome;
import dev.lkscaler.decision.SignalOutcome;
import dev.lkscaler.metrics.ScalerMetrics;
import dev.lkscaler.plan.DecisionKey;
import dev.lkscaler.plan.QueryPlan;
import dev.lkscaler.plan.Replicas;

/** Exports each answer: the desired count, each signal's input, and how often data was missing. */
final class OutcomeMetrics {
  private final ScalerMetrics metrics;

  OutcomeMetrics(ScalerMetrics metrics) {
    this.metrics = metrics;
  }

  void record(QueryPlan plan, Outcome outcome) {
    DecisionKey key = plan.key();
    if (outcome instanceof Outcome.Fresh fresh) {
      Decision decision = fresh.decision();
      metrics.decided(key.policy(), key.namespace(), key.name(), decision.desiredReplicas());
      if (plan.replicas() instanceof Replicas.Known known) {
        metrics.targetReplicas(key.policy(), key.namespace(), key.name(), known.count());
      }
      for (SignalOutcome.Measured signal : decision.signals()) {
        metrics.signalMeasured(
            key.policy(),
            signal.signal(),
            key.namespace(),
            key.name(),
            signal.input(),
            signal.outOfService());
        if (signal.dropped() > 0) {
          metrics.samplesDropped(key.policy(), signal.signal(), signal.dropped());
        }
      }
    } else if (outcome instanceof Outcome.LastKnownGood standIn) {
      metrics.lastKnownGoodServed(key.policy());
      metrics.decided(
          key.policy(), key.namespace(), key.name(), standIn.decision().desiredReplicas());
    } else {
      metrics.unavailable(key.policy());
    }
  }

  void forget(DecisionKey key, Iterable<String> signals) {
    metrics.forget(key.policy(), key.namespace(), key.name(), signals);
  }
}
