package dev.lkscaler.hpa;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * KEDA's part of scaling one ScaledObject: 0 to 1 and back, which the HPA cannot do. Active at 0
 * replicas scales to max(minReplicaCount, 1); inactive with minReplicaCount 0 scales to 0 once
 * cooldownPeriod has passed since the last activity (at once if it never was active); a failed
 * check changes nothing. Pure: time is passed in (seconds).
 */
public final class KedaActivation {
  private final int minReplicaCount;
  private final double cooldownPeriod;
  private Double lastActive;

  public KedaActivation(int minReplicaCount, double cooldownPeriod) {
    this.minReplicaCount = minReplicaCount;
    this.cooldownPeriod = cooldownPeriod;
  }

  /**
   * The replicas KEDA sets after checking activity, if it sets any.
   *
   * @param active the scaler's answer, empty when the call failed
   */
  public OptionalInt check(double now, int specReplicas, Optional<Boolean> active) {
    if (active.isEmpty()) {
      return OptionalInt.empty();
    }
    if (active.get()) {
      lastActive = now;
      return specReplicas == 0 ? OptionalInt.of(Math.max(minReplicaCount, 1)) : OptionalInt.empty();
    }
    if (specReplicas > 0 && minReplicaCount == 0) {
      if (lastActive == null || now - lastActive >= cooldownPeriod) {
        return OptionalInt.of(0);
      }
      return OptionalInt.empty();
    }
    if (specReplicas < minReplicaCount) {
      return OptionalInt.of(minReplicaCount);
    }
    return OptionalInt.empty();
  }

  /** The minReplicas KEDA gives the HPA it creates: the HPA cannot go below 1. */
  public static int hpaMinReplicas(int minReplicaCount) {
    return Math.max(1, minReplicaCount);
  }
}
