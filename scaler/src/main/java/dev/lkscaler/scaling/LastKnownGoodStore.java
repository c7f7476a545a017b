package dev.lkscaler.scaling;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.decision.LastGood;
import dev.lkscaler.plan.DecisionKey;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The last good decision of each ScaledObject, with when it was made. */
public final class LastKnownGoodStore {
  private final ConcurrentHashMap<DecisionKey, LastGood> decisions = new ConcurrentHashMap<>();

  /** Records a fresh decision; returns the one it replaced, if any. */
  public Optional<LastGood> put(DecisionKey key, Decision decision, Instant madeAt) {
    return Optional.ofNullable(decisions.put(key, new LastGood(decision, madeAt)));
  }

  public Optional<LastGood> get(DecisionKey key) {
    return Optional.ofNullable(decisions.get(key));
  }

  public void forget(DecisionKey key) {
    decisions.remove(key);
  }
}
