package dev.lkscaler.scaling;

import dev.lkscaler.plan.DecisionKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each ScaledObject last called, and the signals its series carry: a deleted ScaledObject
 * stops calling, and what is kept for it must then go.
 */
final class RecentCallers {
  /** A ScaledObject's last call. */
  record Call(DecisionKey key, List<String> signals, Instant at) {
    Call {
      signals = List.copyOf(signals);
    }
  }

  private final ConcurrentHashMap<DecisionKey, Call> calls = new ConcurrentHashMap<>();

  void called(DecisionKey key, List<String> signals, Instant at) {
    calls.put(key, new Call(key, signals, at));
  }

  /** Removes and returns the ScaledObjects whose last call is before {@code cutoff}. */
  List<Call> removeSilentSince(Instant cutoff) {
    List<Call> silent = new ArrayList<>();
    calls.forEach(
        (key, call) -> {
          if (call.at().isBefore(cutoff) && calls.remove(key, call)) {
            silent.add(call);
          }
        });
    return silent;
  }
}
