package dev.lkscaler.scaling;

import dev.lkscaler.decision.Replicas;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds a ScaledObject's scale target and its current replicas, from a cache: no call waits on an
 * API.
 */
public interface ScaleTargets {
  /** What is known of a ScaledObject's target. */
  record Status(Optional<String> targetName, Replicas replicas) {
    public Status {
      Objects.requireNonNull(targetName, "targetName");
      Objects.requireNonNull(replicas, "replicas");
    }

    public static Status unknown(String why) {
      return new Status(Optional.empty(), new Replicas.Unknown(why));
    }
  }

  Status lookup(String namespace, String scaledObject);

  /** Without a Kubernetes API: replicas play no part. */
  ScaleTargets UNTRACKED =
      (namespace, scaledObject) -> new Status(Optional.empty(), new Replicas.Untracked());
}
