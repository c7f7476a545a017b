package dev.lkscaler.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A named scaling policy: its signals, bounds and optional activation. */
public record Policy(
    String name,
    int minReplicas,
    int maxReplicas,
    Optional<Activation> activation,
    List<Signal> signals) {
  public Policy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(activation, "activation");
    signals = List.copyOf(signals);
    if (signals.isEmpty()) {
      throw new IllegalArgumentException("a policy needs at least one signal");
    }
    PolicyKeys.MIN_REPLICAS.require(minReplicas);
    PolicyKeys.MAX_REPLICAS.require(maxReplicas, Map.of(PolicyKeys.MIN_REPLICAS, minReplicas));
  }
}
