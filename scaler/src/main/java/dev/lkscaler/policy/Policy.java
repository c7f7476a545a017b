package dev.lkscaler.policy;

import java.util.List;
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
    if (minReplicas < 0 || maxReplicas < minReplicas || maxReplicas < 1) {
      throw new IllegalArgumentException("need 0 <= minReplicas <= maxReplicas, maxReplicas >= 1");
    }
  }
}
