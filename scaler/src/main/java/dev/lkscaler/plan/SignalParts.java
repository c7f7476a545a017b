package dev.lkscaler.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One signal's queries, or their results: its load, and, as the signal asks, the demand's wanted
 * and served work, the trend, and the work started per second.
 *
 * @param trend for queries: {@code deriv} over a subquery of the summed load (with demand: of the
 *     wanted work)
 * @param starts a headroom signal's new work per second
 */
public record SignalParts<T>(
    T load, Optional<T> wanted, Optional<T> served, Optional<T> trend, Optional<T> starts) {
  public SignalParts {
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(wanted, "wanted");
    Objects.requireNonNull(served, "served");
    Objects.requireNonNull(trend, "trend");
    Objects.requireNonNull(starts, "starts");
    if (wanted.isPresent() != served.isPresent()) {
      throw new IllegalArgumentException("demand needs both wanted and served");
    }
  }

  /** Without starts. */
  public SignalParts(T load, Optional<T> wanted, Optional<T> served, Optional<T> trend) {
    this(load, wanted, served, trend, Optional.empty());
  }

  /** The load alone. */
  public static <T> SignalParts<T> of(T load) {
    return new SignalParts<>(
        load, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Each part through {@code part}: from queries to their results. */
  public <U> SignalParts<U> map(Function<T, U> part) {
    return new SignalParts<>(
        part.apply(load), wanted.map(part), served.map(part), trend.map(part), starts.map(part));
  }

  /** Every part, the load first. */
  public List<T> all() {
    List<T> all = new ArrayList<>();
    all.add(load);
    wanted.ifPresent(all::add);
    served.ifPresent(all::add);
    trend.ifPresent(all::add);
    starts.ifPresent(all::add);
    return List.copyOf(all);
  }
}
