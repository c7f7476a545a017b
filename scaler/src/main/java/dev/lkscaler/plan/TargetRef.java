package dev.lkscaler.plan;

import java.util.Map;
import java.util.Objects;

/**
 * A ScaledObject as KEDA names it in a call: its namespace, its name and its trigger metadata.
 *
 * @param metadata the trigger's {@code metadata}, as KEDA forwards it; untrusted
 */
public record TargetRef(String namespace, String name, Map<String, String> metadata) {
  public TargetRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    metadata = Map.copyOf(metadata);
  }
}
