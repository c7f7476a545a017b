package dev.lkscaler.decision;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What a call is answered with: a decision, and where it came from, or why there is none. */
public sealed interface Outcome permits Outcome.Fresh, Outcome.LastKnownGood, Outcome.Unavailable {

  /** The decision to answer with, when there is one. */
  Optional<Decision> answer();

  /** Why data was missing: empty for a fresh decision. */
  default Optional<String> missingData() {
    if (this instanceof LastKnownGood standIn) {
      return Optional.of(standIn.cause());
    }
    return this instanceof Unavailable unavailable
        ? Optional.of(unavailable.cause())
        : Optional.empty();
  }

  /** Decided from the data of this call. */
  record Fresh(Decision decision) implements Outcome {
    public Fresh {
      Objects.requireNonNull(decision, "decision");
    }

    @Override
    public Optional<Decision> answer() {
      return Optional.of(decision);
    }
  }

  /**
   * Data is missing, and the last good decision stands in: clamped to the bounds in force, its
   * reason saying so.
   *
   * @param age how old the stand-in is
   * @param cause which query had no data, and why
   * @param held whether the target's current replicas raised it: no scale-down from missing data
   */
  record LastKnownGood(Decision decision, Duration age, String cause, boolean held)
      implements Outcome {
    public LastKnownGood {
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(age, "age");
      Objects.requireNonNull(cause, "cause");
    }

    @Override
    public Optional<Decision> answer() {
      return Optional.of(decision);
    }
  }

  /** No data and no good decision young enough: KEDA must hold the replicas and retry. */
  record Unavailable(String cause) implements Outcome {
    public Unavailable {
      Objects.requireNonNull(cause, "cause");
    }

    @Override
    public Optional<Decision> answer() {
      return Optional.empty();
    }
  }
}
