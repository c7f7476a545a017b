package dev.lkscaler.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * How a value of one type is read from a loaded document, checked against a {@link Bound}, shown in
 * errors and named in docs/policy.md; Strimzi's {@code ConfigParameterParser}.
 */
public final class ValueType<T> {
  public static final ValueType<Duration> DURATION =
      duration("a duration such as 250ms, 5s, 2m or 1h");

  /** Any finite number; an integer is read as one. */
  public static final ValueType<Double> NUMBER =
      new ValueType<>(
          "number",
          "a number",
          value ->
              value instanceof Number number && Double.isFinite(number.doubleValue())
                  ? Optional.of(number.doubleValue())
                  : Optional.empty(),
          Double::isFinite,
          Problem::number,
          bound -> "a finite number",
          bound -> "a number",
          "finite");

  /** A whole number that fits an int; {@code 1.5} is not one. Its errors state the range. */
  public static final ValueType<Integer> INTEGER =
      new ValueType<>(
          "integer",
          "an integer",
          value -> value instanceof Integer integer ? Optional.of(integer) : Optional.empty(),
          integer -> true,
          String::valueOf,
          ValueType::integerWithRange,
          ValueType::integerWithRange,
          "");

  /** true or false, as YAML writes them. */
  public static final ValueType<Boolean> BOOLEAN =
      new ValueType<>(
          "boolean",
          "true or false",
          value -> value instanceof Boolean flag ? Optional.of(flag) : Optional.empty(),
          flag -> true,
          String::valueOf,
          bound -> "true or false",
          bound -> "true or false",
          "`true`, `false`");

  private final String name;
  private final String noun;
  private final Function<Object, Optional<T>> parse;
  private final Predicate<T> valid;
  private final Function<T, String> format;
  private final Function<Bound<T>, String> invalid;
  private final Function<Bound<T>, String> missing;
  private final String constraint;

  private ValueType(
      String name,
      String noun,
      Function<Object, Optional<T>> parse,
      Predicate<T> valid,
      Function<T, String> format,
      Function<Bound<T>, String> invalid,
      Function<Bound<T>, String> missing,
      String constraint) {
    this.name = name;
    this.noun = noun;
    this.parse = parse;
    this.valid = valid;
    this.format = format;
    this.invalid = invalid;
    this.missing = missing;
    this.constraint = constraint;
  }

  /**
   * A Prometheus duration ({@link Durations}); {@code expected} is said when a value is not one.
   */
  public static ValueType<Duration> duration(String expected) {
    return new ValueType<>(
        "duration",
        "a duration",
        value -> value instanceof String text ? Durations.parse(text) : Optional.empty(),
        duration -> !duration.isNegative(),
        Durations::format,
        bound -> expected,
        bound -> expected,
        "");
  }

  /** One of a few words, each standing for a value. */
  public static <T> ValueType<T> oneOf(List<T> values, Function<T, String> word) {
    List<T> choices = List.copyOf(values);
    String expected = "one of " + choices.stream().map(word).collect(Collectors.joining(", "));
    return new ValueType<>(
        "string",
        expected,
        value -> choices.stream().filter(choice -> word.apply(choice).equals(value)).findFirst(),
        choices::contains,
        word,
        bound -> expected,
        bound -> expected,
        choices.stream()
            .map(choice -> "`" + word.apply(choice) + "`")
            .collect(Collectors.joining(", ")));
  }

  /** The type's name in docs/policy.md. */
  public String name() {
    return name;
  }

  /** Its value from a loaded scalar, or empty when the scalar is not one; reports nothing. */
  public Optional<T> parse(Object value) {
    return parse.apply(value);
  }

  /** A value as errors and docs show it. */
  public String format(T value) {
    return format.apply(value);
  }

  /** Reads the node, reporting a missing or wrong value or one out of the bound. */
  public Optional<T> read(Node node, Bound<T> bound) {
    return read(node, bound, key -> Optional.empty());
  }

  /** As {@link #read(Node, Bound)}; {@code siblings} gives the values of other keys it names. */
  public Optional<T> read(Node node, Bound<T> bound, Function<Key<T>, Optional<T>> siblings) {
    if (node.isMissing()) {
      return node.invalid(missing.apply(bound));
    }
    Optional<T> value = parse(node.value());
    if (value.isEmpty()) {
      return node.invalid(invalid.apply(bound));
    }
    Optional<String> expected = problem(value.get(), bound, siblings);
    if (expected.isPresent()) {
      return node.invalid(expected.get(), format(value.get()));
    }
    return value;
  }

  /** What a value was expected to be, when this one is not valid or out of the bound. */
  Optional<String> problem(T value, Bound<T> bound, Function<Key<T>, Optional<T>> siblings) {
    if (!valid.test(value)) {
      return Optional.of(invalid.apply(bound));
    }
    return bound.violation(value, siblings, format).map(range -> noun + " " + range);
  }

  /** The bounds column of docs/policy.md. */
  String constraint(Bound<T> bound) {
    return bound.isNone() ? constraint : bound.text(format);
  }

  private static String integerWithRange(Bound<Integer> bound) {
    String range = bound.fixedText(String::valueOf);
    return range.isEmpty() ? "an integer" : "an integer " + range;
  }
}
