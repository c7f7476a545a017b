package dev.lkscaler.scaling;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.decision.LastGood;
import dev.lkscaler.decision.Outcome;
import dev.lkscaler.plan.DecisionKey;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Logs what a ScaledObject's answers become, once per change rather than on every call: a new
 * decision, the switch to last known good, to no data, and back to fresh data.
 */
final class OutcomeLog {
  private static final Logger log = LoggerFactory.getLogger(ScalingShell.class);

  /** Where a ScaledObject's data stands. */
  private enum DataState {
    FRESH,
    LAST_KNOWN_GOOD,
    UNAVAILABLE
  }

  private final ConcurrentHashMap<DecisionKey, DataState> states = new ConcurrentHashMap<>();

  /**
   * @param previous the last good decision before this outcome
   */
  void record(DecisionKey key, Outcome outcome, Optional<LastGood> previous) {
    if (outcome instanceof Outcome.Fresh fresh) {
      Decision decision = fresh.decision();
      DataState before = states.put(key, DataState.FRESH);
      if (before != null && before != DataState.FRESH) {
        about(log.atInfo(), key).log("fresh data again for {}/{}", key.namespace(), key.name());
      }
      if (previous.isEmpty() || !decision.sameOutcome(previous.get().decision())) {
        about(log.atInfo(), key, decision)
            .log(
                "decision for {}/{}: {} replicas, {}: {}",
                key.namespace(),
                key.name(),
                decision.desiredReplicas(),
                decision.active() ? "active" : "inactive",
                decision.reason());
      }
    } else if (outcome instanceof Outcome.LastKnownGood standIn) {
      if (states.put(key, DataState.LAST_KNOWN_GOOD) != DataState.LAST_KNOWN_GOOD) {
        Decision served = standIn.decision();
        about(log.atWarn(), key, served)
            .log(
                "serving last known good for {}/{}: {} replicas: {}",
                key.namespace(),
                key.name(),
                served.desiredReplicas(),
                served.reason());
      }
    } else {
      String cause = ((Outcome.Unavailable) outcome).cause();
      if (states.put(key, DataState.UNAVAILABLE) != DataState.UNAVAILABLE) {
        about(log.atWarn(), key)
            .addKeyValue("reason", cause)
            .log("no decision for {}/{}: {}", key.namespace(), key.name(), cause);
      }
    }
  }

  void forget(DecisionKey key) {
    states.remove(key);
  }

  /** The fields that tie a log line to a ScaledObject, for Loki queries. */
  private static LoggingEventBuilder about(LoggingEventBuilder event, DecisionKey key) {
    return event
        .addKeyValue("policy", key.policy())
        .addKeyValue("namespace", key.namespace())
        .addKeyValue("scaledobject", key.name());
  }

  private static LoggingEventBuilder about(
      LoggingEventBuilder event, DecisionKey key, Decision decision) {
    return about(event, key)
        .addKeyValue("desired", decision.desiredReplicas())
        .addKeyValue("active", decision.active())
        .addKeyValue("reason", decision.reason());
  }
}
