package dev.lkscaler.sim.fleet;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * livekit-server's node selector as LiveKit's sample config sets it ({@code kind: cpuload}, the
 * lowest load first, {@code cpu_load_limit: 0.7}): among the ready nodes under the limit, the one
 * with the lowest CPU load; when none is under it, all ready nodes are candidates (LiveKit skips
 * over-limit nodes only while another one is under the limit: it never rejects for load). Draining
 * and starting nodes take no rooms. A tie goes to the first node in order. Pure.
 */
public final class NodeSelector {
  /** cpu_load_limit in LiveKit's sample config (its code default is 0.9). */
  public static final double LOAD_LIMIT = 0.7;

  private NodeSelector() {}

  /** The node for a new room; empty only when no node is ready. */
  public static <T> Optional<T> choose(
      List<T> nodes, Predicate<T> ready, ToDoubleFunction<T> load) {
    List<T> candidates = nodes.stream().filter(ready).toList();
    List<T> under = candidates.stream().filter(n -> load.applyAsDouble(n) < LOAD_LIMIT).toList();
    T best = null;
    for (T node : under.isEmpty() ? candidates : under) {
      if (best == null || load.applyAsDouble(node) < load.applyAsDouble(best)) {
        best = node;
      }
    }
    return Optional.ofNullable(best);
  }
}
