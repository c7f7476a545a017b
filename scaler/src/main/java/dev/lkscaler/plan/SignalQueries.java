package dev.lkscaler.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One signal's expanded queries: its load, and, as the signal asks, the demand's two queries and
 * the trend's.
 *
 * @param trend {@code deriv} over a subquery of the summed load (with demand: of the wanted work)
 */
public record SignalQueries(
    String load, Optional<String> wanted, Optional<String> served, Optional<String> trend) {
  public SignalQueries {
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(wanted, "wanted");
    Objects.requireNonNull(served, "served");
    Objects.requireNonNull(trend, "trend");
    if (wanted.isPresent() != served.isPresent()) {
      throw new IllegalArgumentException("demand needs both wanted and served");
    }
  }

  /** A signal with its load query only. */
  public static SignalQueries of(String load) {
    return new SignalQueries(load, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Every query of the signal, the load first. */
  public List<String> all() {
    List<String> all = new ArrayList<>();
    all.add(load);
    wanted.ifPresent(all::add);
    served.ifPresent(all::add);
    trend.ifPresent(all::add);
    return List.copyOf(all);
  }
}
