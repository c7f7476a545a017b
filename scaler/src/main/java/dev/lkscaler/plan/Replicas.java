package dev.lkscaler.plan;

import java.util.Objects;

/**
 * How many replicas the scale target has: it tells "no pods, so no load" apart from "pods, but no
 * data" when a query returns nothing.
 */
public sealed interface Replicas permits Replicas.Known, Replicas.Unknown, Replicas.Untracked {

  /** The target's current replica count. */
  record Known(int count) implements Replicas {
    public Known {
      if (count < 0) {
        throw new IllegalArgumentException("count < 0");
      }
    }
  }

  /** lkscaler looks replicas up, but cannot tell now; {@code why} goes into reasons. */
  record Unknown(String why) implements Replicas {
    public Unknown {
      Objects.requireNonNull(why, "why");
    }
  }

  /** lkscaler runs without a Kubernetes API, so replicas play no part. */
  record Untracked() implements Replicas {}
}
