package dev.lkscaler.scaling;

import dev.lkscaler.decision.Decision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The last good decision of each ScaledObject, with when it was made. */
public final class LastKnownGoodStore {
  private final Clock clock;
  private final ConcurrentHashMap<ScaleTarget.DecisionKey, Stamped> decisions =
      new ConcurrentHashMap<>();

  /** A decision and the time it was made from fresh data. */
  public record Stamped(Decision decision, Instant madeAt) {
    public Duration age(Clock clock) {
      return Duration.between(madeAt, clock.instant());
    }
  }

  public LastKnownGoodStore(Clock clock) {
    this.clock = clock;
  }

  /** Records a fresh decision; returns the one it replaced, if any. */
  public Optional<Stamped> put(ScaleTarget.DecisionKey key, Decision decision) {
    Stamped fresh = new Stamped(decision, clock.instant());
    return Optional.ofNullable(decisions.put(key, fresh));
  }

  /** The last good decision if it is younger than {@code maxAge}. */
  public Optional<Stamped> youngerThan(ScaleTarget.DecisionKey key, Duration maxAge) {
    Stamped stamped = decisions.get(key);
    if (stamped == null || stamped.age(clock).compareTo(maxAge) >= 0) {
      return Optional.empty();
    }
    return Optional.of(stamped);
  }

  public void forget(ScaleTarget.DecisionKey key) {
    decisions.remove(key);
  }
}
