package dev.lkscaler.scaling;

import dev.lkscaler.plan.Replicas;
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

    /** The target and its replica count. */
    public static Status known(String target, int replicas) {
      return new Status(Optional.of(target), new Replicas.Known(replicas));
    }

    /** The target is known, its replicas are not; {@code why} goes into reasons. */
    public static Status unknown(String target, String why) {
      return new Status(Optional.of(target), new Replicas.Unknown(why));
    }

    /** Not even the target is known. */
    public static Status unknown(String why) {
      return new Status(Optional.empty(), new Replicas.Unknown(why));
    }
  }

  Status lookup(String namespace, String scaledObject);

  /** Without a Kubernetes API: replicas play no part. */
  ScaleTargets UNTRACKED =
      (namespace, scaledObject) -> new Status(Optional.empty(), new Replicas.Untracked());
}
