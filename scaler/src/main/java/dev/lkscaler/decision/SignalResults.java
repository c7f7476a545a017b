package dev.lkscaler.decision;

import java.util.Objects;
import java.util.Optional;

/**
 * What one signal's queries gave: its load, and, as the signal asks, the demand's two results and
 * the trend's.
 */
public record SignalResults(
    QueryResult load,
    Optional<QueryResult> wanted,
    Optional<QueryResult> served,
    Optional<QueryResult> trend) {
  public SignalResults {
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(wanted, "wanted");
    Objects.requireNonNull(served, "served");
    Objects.requireNonNull(trend, "trend");
    if (wanted.isPresent() != served.isPresent()) {
      throw new IllegalArgumentException("demand needs both wanted and served");
    }
  }

  /** The load's result alone. */
  public static SignalResults of(QueryResult load) {
    return new SignalResults(load, Optional.empty(), Optional.empty(), Optional.empty());
  }
}
