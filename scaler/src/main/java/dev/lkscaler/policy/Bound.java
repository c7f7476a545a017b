package dev.lkscaler.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The range a value must lie in. A limit is a fixed value or the value of a sibling key ({@code
 * scaleUpAt} below {@code outOfServiceAt}). One lower and one upper limit read as an interval,
 * {@code in (0, 1]}; other limits as a list, {@code >= 1 and >= minReplicas}.
 */
public final class Bound<T> {
  private enum Op {
    GREATER(">", true),
    AT_LEAST(">=", true),
    LESS("<", false),
    AT_MOST("<=", false);

    final String symbol;
    final boolean lower;

    Op(String symbol, boolean lower) {
      this.symbol = symbol;
      this.lower = lower;
    }

    boolean holds(int comparison) {
      return switch (this) {
        case GREATER -> comparison > 0;
        case AT_LEAST -> comparison >= 0;
        case LESS -> comparison < 0;
        case AT_MOST -> comparison <= 0;
      };
    }
  }

  /** A fixed value, or (when empty) the value of {@code key}. */
  private record Limit<T>(Op op, Optional<T> value, Optional<Key<T>> key) {}

  private static final Bound<?> NONE = new Bound<>(null, List.of(), "");

  private final Comparator<? super T> order;
  private final List<Limit<T>> limits;
  private final String reason;

  private Bound(Comparator<? super T> order, List<Limit<T>> limits, String reason) {
    this.order = order;
    this.limits = List.copyOf(limits);
    this.reason = reason;
  }

  /** Any value of the type. */
  @SuppressWarnings("unchecked")
  public static <T> Bound<T> none() {
    return (Bound<T>) NONE;
  }

  public static <T extends Comparable<? super T>> Bound<T> greaterThan(T value) {
    return new Bound<T>(Comparator.naturalOrder(), List.of(), "").with(Op.GREATER, value);
  }

  public static <T extends Comparable<? super T>> Bound<T> atLeast(T value) {
    return new Bound<T>(Comparator.naturalOrder(), List.of(), "").with(Op.AT_LEAST, value);
  }

  public Bound<T> lessThan(T value) {
    return with(Op.LESS, value);
  }

  public Bound<T> atMost(T value) {
    return with(Op.AT_MOST, value);
  }

  /** Below the value of another key of the same mapping, when that value is valid. */
  public Bound<T> lessThan(Key<T> key) {
    return with(new Limit<>(Op.LESS, Optional.empty(), Optional.of(key)));
  }

  /** At least the value of another key of the same mapping, when that value is valid. */
  public Bound<T> andAtLeast(Key<T> key) {
    return with(new Limit<>(Op.AT_LEAST, Optional.empty(), Optional.of(key)));
  }

  /** Why the bound exists, said in errors after the range: "to stay below KEDA's deadline". */
  public Bound<T> because(String why) {
    return new Bound<>(order, limits, " " + why);
  }

  public boolean isNone() {
    return limits.isEmpty();
  }

  /** The range as docs/policy.md writes it: {@code in (0s, 3s)}. */
  public String text(Function<T, String> format) {
    if (isInterval()) {
      Limit<T> low = limits.get(0);
      Limit<T> high = limits.get(1);
      return "in "
          + (low.op() == Op.GREATER ? "(" : "[")
          + operand(low, format)
          + ", "
          + operand(high, format)
          + (high.op() == Op.LESS ? ")" : "]");
    }
    return limits.stream()
        .map(limit -> limit.op().symbol + " " + operand(limit, format))
        .collect(Collectors.joining(" and "));
  }

  /** The range without the limits set by other keys. */
  public String fixedText(Function<T, String> format) {
    List<Limit<T>> fixed = limits.stream().filter(limit -> limit.value().isPresent()).toList();
    return new Bound<>(order, fixed, reason).text(format);
  }

  /**
   * Empty when the value is in range; otherwise the range it misses, as an error says it: the
   * interval, or the one limit missed with the other key's value ({@code >= minReplicas (5)}). A
   * limit set by a key whose value is unknown is not checked.
   */
  public Optional<String> violation(
      T value, Function<Key<T>, Optional<T>> siblings, Function<T, String> format) {
    for (Limit<T> limit : limits) {
      Optional<T> operand =
          limit.value().isPresent() ? limit.value() : siblings.apply(limit.key().orElseThrow());
      if (operand.isPresent() && !limit.op().holds(order.compare(value, operand.get()))) {
        String missed =
            isInterval()
                ? text(format)
                : limit.op().symbol
                    + " "
                    + operand(limit, format)
                    + (limit.key().isPresent() ? " (" + format.apply(operand.get()) + ")" : "");
        return Optional.of(missed + reason);
      }
    }
    return Optional.empty();
  }

  private boolean isInterval() {
    return limits.size() == 2 && limits.get(0).op().lower && !limits.get(1).op().lower;
  }

  private static <T> String operand(Limit<T> limit, Function<T, String> format) {
    return limit.value().map(format).orElseGet(() -> limit.key().orElseThrow().name());
  }

  private Bound<T> with(Op op, T value) {
    return with(new Limit<>(op, Optional.of(value), Optional.empty()));
  }

  private Bound<T> with(Limit<T> limit) {
    Objects.requireNonNull(order, "a bound starts with greaterThan or atLeast");
    List<Limit<T>> more = new ArrayList<>(limits);
    more.add(limit);
    return new Bound<>(order, more, reason);
  }
}
