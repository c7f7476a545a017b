package dev.lkscaler.hpa;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * KEDA's part of scaling one ScaledObject, which the HPA cannot do: 0 to 1 and back
 * (pkg/scaling/executor/scale_scaledobjects.go, RequestScale, for one trigger).
 *
 * <ul>
 *   <li>Active: at 0 replicas (or below minReplicaCount with idleReplicaCount set), scale to
 *       minReplicaCount, at least 1; the time is remembered as the last activity.
 *   <li>Failed: nothing changes, unless fallback.replicas is 0: then the failure counts as
 *       inactive.
 *   <li>Inactive, above idleReplicaCount (or above 0 with minReplicaCount 0): scale to
 *       idleReplicaCount (else minReplicaCount) once {@code lastActive + cooldownPeriod < now}, or,
 *       never active, once {@code created + initialCooldownPeriod < now}.
 *   <li>Inactive below minReplicaCount without idleReplicaCount: scale to minReplicaCount.
 * </ul>
 *
 * Pure: time is passed in (seconds).
 */
public final class KedaActivation {
  /**
   * What KEDA reads of the ScaledObject for this part.
   *
   * @param createdAt when the ScaledObject was created
   * @param failuresHold false when fallback.replicas is 0 (KEDA then scales in on errors)
   */
  public record Settings(
      int minReplicaCount,
      OptionalInt idleReplicaCount,
      double cooldownPeriod,
      double initialCooldownPeriod,
      double createdAt,
      boolean failuresHold) {}

  private final Settings settings;
  private Double lastActive;

  public KedaActivation(Settings settings) {
    this.settings = settings;
  }

  /** No idleReplicaCount, no initialCooldownPeriod, created before the first check. */
  public KedaActivation(int minReplicaCount, double cooldownPeriod) {
    this(
        new Settings(
            minReplicaCount,
            OptionalInt.empty(),
            cooldownPeriod,
            0,
            Double.NEGATIVE_INFINITY,
            true));
  }

  /** KEDA's handling of the ScaledObject, created at {@code createdAt}. */
  public static KedaActivation of(ScaledObjectSpec spec, double createdAt) {
    return new KedaActivation(
        new Settings(
            spec.minReplicaCount(),
            spec.idleReplicaCount(),
            spec.cooldownPeriod(),
            spec.initialCooldownPeriod(),
            createdAt,
            spec.fallback().map(f -> f.replicas() != 0).orElse(true)));
  }

  /**
   * The replicas KEDA sets after checking activity, if it sets any.
   *
   * @param active the trigger's activity, empty when the call failed
   */
  public OptionalInt check(double now, int specReplicas, Optional<Boolean> active) {
    int minReplicaCount = settings.minReplicaCount();
    OptionalInt idleReplicaCount = settings.idleReplicaCount();
    if (active.isPresent() && active.get()) {
      lastActive = now;
      if ((idleReplicaCount.isPresent() && specReplicas < minReplicaCount) || specReplicas == 0) {
        return OptionalInt.of(Math.max(minReplicaCount, 1));
      }
      return OptionalInt.empty();
    }
    if (active.isEmpty() && settings.failuresHold()) {
      return OptionalInt.empty();
    }
    if ((idleReplicaCount.isPresent() && specReplicas > idleReplicaCount.getAsInt())
        || (specReplicas > 0 && minReplicaCount == 0)) {
      boolean cooledDown =
          lastActive == null
              ? settings.createdAt() + settings.initialCooldownPeriod() < now
              : lastActive + settings.cooldownPeriod() < now;
      return cooledDown
          ? OptionalInt.of(idleReplicaCount.orElse(minReplicaCount))
          : OptionalInt.empty();
    }
    if (idleReplicaCount.isEmpty() && specReplicas < minReplicaCount) {
      return OptionalInt.of(minReplicaCount);
    }
    return OptionalInt.empty();
  }

  /** The minReplicas KEDA gives the HPA it creates: the HPA cannot go below 1. */
  public static int hpaMinReplicas(int minReplicaCount) {
    return Math.max(1, minReplicaCount);
  }
}
