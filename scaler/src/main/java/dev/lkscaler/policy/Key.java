package dev.lkscaler.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One key of the policy file, defined once: its path, type, default, bounds and its row in
 * docs/policy.md, as KEDA's {@code keda:"name=..., default=..."} tags and Strimzi's {@code
 * ConfigParameter}. A key with a {@link ValueType} is read and checked by it; any other key
 * (mappings, lists, URLs, queries, names) is read by the parser's own code, and its bounds are a
 * text for the docs.
 */
public final class Key<T> {
  /** Whether a key must be written, and what stands in for it when it is not. */
  public static final class Default {
    private final boolean required;
    private final Optional<Object> value;

    private Default(boolean required, Optional<Object> value) {
      this.required = required;
      this.value = value;
    }
  }

  /** The key must be written. */
  public static final Default REQUIRED = new Default(true, Optional.empty());

  /** The key may be left out, and nothing stands in for it. */
  public static final Default NONE = new Default(false, Optional.empty());

  /**
   * The key may be left out; {@code value} is read in its place, as if written: a value as the YAML
   * loader gives it, such as {@code "2s"}, {@code 0.5} or {@code Map.of()}.
   */
  public static Default byDefault(Object value) {
    return new Default(false, Optional.of(value));
  }

  private final String path;
  private final String type;
  private final Default fallback;
  private final Optional<ValueType<T>> valueType;
  private final Bound<T> bound;
  private final String bounds;
  private final String meaning;
  private final Optional<String> signalType;
  private final Optional<T> defaultValue;

  private Key(
      String path,
      String type,
      Default fallback,
      Optional<ValueType<T>> valueType,
      Bound<T> bound,
      String bounds,
      String meaning,
      Optional<String> signalType) {
    this.path = path;
    this.type = type;
    this.fallback = fallback;
    this.valueType = valueType;
    this.bound = bound;
    this.bounds = bounds;
    this.meaning = meaning;
    this.signalType = signalType;
    this.defaultValue = valueType.flatMap(t -> fallback.value.map(v -> checkedDefault(t, v)));
  }

  // a default outside its own type or bounds is a mistake in the table: fail at class load
  private T checkedDefault(ValueType<T> type, Object value) {
    Optional<T> parsed = type.parse(value);
    if (parsed.isEmpty()
        || type.problem(parsed.get(), bound, key -> Optional.empty()).isPresent()) {
      throw new IllegalArgumentException(path + ": the default " + value + " is not valid");
    }
    return parsed.get();
  }

  /** A key read and checked by its type. */
  public static <T> Key<T> of(
      String path, ValueType<T> type, Default fallback, Bound<T> bound, String meaning) {
    return new Key<>(
        path,
        type.name(),
        fallback,
        Optional.of(type),
        bound,
        type.constraint(bound),
        meaning,
        Optional.empty());
  }

  /**
   * A key the parser reads itself; {@code type} and {@code bounds} are what docs/policy.md says of
   * it.
   */
  public static Key<Void> custom(
      String path, String type, Default fallback, String bounds, String meaning) {
    return new Key<>(
        path, type, fallback, Optional.empty(), Bound.none(), bounds, meaning, Optional.empty());
  }

  /** This key, taken by one signal type only. */
  public Key<T> onlyFor(String signal) {
    return new Key<>(path, type, fallback, valueType, bound, bounds, meaning, Optional.of(signal));
  }

  /** As docs/policy.md writes it: {@code policies.<name>.signals[].scaleUpAt}. */
  public String path() {
    return path;
  }

  /** The key as written in its mapping: {@code scaleUpAt}. */
  public String name() {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** The path of the mapping that holds the key; "" for the top level. */
  public String parent() {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  /** The signal type that takes this key; empty when every signal (or no signal) does. */
  public Optional<String> signalType() {
    return signalType;
  }

  /** The value a missing key takes; only for a key with a type and a default. */
  public T defaultValue() {
    return defaultValue.orElseThrow(
        () -> new IllegalStateException(path + " has no typed default"));
  }

  /** The value of a loaded scalar, when it is one of this key's type; reports nothing. */
  public Optional<T> parse(Object value) {
    return type().parse(value);
  }

  /** The node written for this key, or its default in its place. */
  public Node orDefault(Node written) {
    return written.or(fallback.value.orElse(null));
  }

  /**
   * Reads the node written for this key, or its default; {@code siblings} gives the values of the
   * keys its bound names.
   */
  public Optional<T> read(Node written, Function<Key<T>, Optional<T>> siblings) {
    return type().read(orDefault(written), bound, siblings);
  }

  /** Checks a value built in code against the type and bounds; for compact constructors. */
  public T require(T value) {
    return require(value, Map.of());
  }

  /** As {@link #require(Object)}, with the values of the keys the bound names. */
  public T require(T value, Map<Key<T>, T> siblings) {
    ValueType<T> type = type();
    Optional<String> expected =
        type.problem(value, bound, key -> Optional.ofNullable(siblings.get(key)));
    if (expected.isPresent()) {
      throw new IllegalArgumentException(Problem.at(name(), expected.get(), type.format(value)));
    }
    return value;
  }

  /** Its row of the key table in docs/policy.md: key, type, default, bounds, meaning. */
  public List<String> docRow() {
    String shownDefault =
        fallback.required
            ? "required"
            : fallback.value.map(value -> "`" + yaml(value) + "`").orElse("none");
    return List.of(
        "`" + path + "`",
        type,
        shownDefault,
        bounds,
        signalType.map(signal -> signal + " only: ").orElse("") + meaning);
  }

  @Override
  public String toString() {
    return path;
  }

  private ValueType<T> type() {
    return valueType.orElseThrow(
        () -> new IllegalStateException(path + " is read by the parser, not by a type"));
  }

  private static String yaml(Object value) {
    if (value instanceof String text) {
      return text.isEmpty() ? "\"\"" : text;
    }
    if (value instanceof Map<?, ?> map && map.isEmpty()) {
      return "{}";
    }
    return value instanceof Double number ? Problem.number(number) : Objects.toString(value);
  }
}
