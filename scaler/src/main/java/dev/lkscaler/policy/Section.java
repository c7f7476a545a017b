package dev.lkscaler.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A mapping of the policy file read against {@link PolicyKeys}: a key the table does not give it is
 * a problem, and each key is read by its definition. Remembers the values read, for bounds that
 * name another key.
 */
final class Section {
  private final String path;
  private final Mapping mapping;
  private final DocumentReader.Mark mark;
  private final Map<Key<?>, Object> values = new HashMap<>();

  private Section(String path, Mapping mapping, DocumentReader.Mark mark) {
    this.path = path;
    this.mapping = mapping;
    this.mark = mark;
  }

  /** The node as the mapping at {@code path} of the table (a signal's: of that type). */
  static Optional<Section> of(
      Node node, String path, String expected, Optional<String> signalType) {
    DocumentReader.Mark mark = node.mark();
    return node.mapping(expected, PolicyKeys.keysOf(path, signalType))
        .map(mapping -> new Section(path, mapping, mark));
  }

  static Optional<Section> of(Node node, String path, String expected) {
    return of(node, path, expected, Optional.empty());
  }

  /** What is written for the key, or its default in its place. */
  Node value(Key<?> key) {
    return key.orDefault(written(key));
  }

  /** What is written for the key; missing when nothing is. */
  Node written(Key<?> key) {
    return mapping.get(nameOf(key));
  }

  /** Whether the key is written, even as null. */
  boolean has(Key<?> key) {
    return mapping.has(nameOf(key));
  }

  /** Reads a typed key, reporting what is wrong with it. */
  <T> Optional<T> read(Key<T> key) {
    Optional<T> value = key.read(written(key), this::valueOf);
    value.ifPresent(v -> values.put(key, v));
    return value;
  }

  /**
   * The value built, when nothing was wrong in this mapping (so every value read from it is there);
   * else empty.
   */
  <T> Optional<T> ifClean(Supplier<T> build) {
    return mark.ifClean(build);
  }

  private String nameOf(Key<?> key) {
    if (!key.parent().equals(path)) {
      throw new IllegalArgumentException(key + " is not a key of " + path);
    }
    return key.name();
  }

  @SuppressWarnings("unchecked") // values holds each key's own type
  private <T> Optional<T> valueOf(Key<T> key) {
    return Optional.ofNullable((T) values.get(key));
  }
}
