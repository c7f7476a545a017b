package dev.lkscaler.decision;

import java.time.Instant;
import java.util.Objects;

/** A ScaledObject's last decision made from fresh data, and when it was made. */
public record LastGood(Decision decision, Instant madeAt) {
  public LastGood {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(madeAt, "madeAt");
  }
}
