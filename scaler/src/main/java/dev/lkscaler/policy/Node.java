package dev.lkscaler.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A value of a loaded document and its path ({@code policies.agents.signals[0]}). A key that is not
 * written is a missing node: its value is null. Every read that fails reports a problem at the path
 * and returns empty, so an empty result always comes with a problem.
 */
public final class Node {
  private final DocumentReader reader;
  private final String path;
  private final Object value;

  Node(DocumentReader reader, String path, Object value) {
    this.reader = reader;
    this.path = path;
    this.value = value;
  }

  public String path() {
    return path;
  }

  /** The loaded value: a Map, a List, a String, a Number, a Boolean; null when missing. */
  public Object value() {
    return value;
  }

  public boolean isMissing() {
    return value == null;
  }

  /** This node, or the fallback value in its place when nothing is written here. */
  public Node or(Object fallback) {
    return value == null ? new Node(reader, path, fallback) : this;
  }

  public DocumentReader.Mark mark() {
    return reader.mark();
  }

  /** A mapping with any string keys. */
  public Optional<Mapping> mapping(String expected) {
    return mapping(expected, Optional.empty());
  }

  /** A mapping whose keys are all in {@code allowed}; each other key is a problem. */
  public Optional<Mapping> mapping(String expected, List<String> allowed) {
    return mapping(expected, Optional.of(allowed));
  }

  private Optional<Mapping> mapping(String expected, Optional<List<String>> allowed) {
    if (!(value instanceof Map<?, ?> raw)) {
      return invalid(expected);
    }
    Map<String, Object> entries = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : raw.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        invalid("string keys", "key " + Problem.describe(entry.getKey()));
      } else if (allowed.isPresent() && !allowed.get().contains(key)) {
        child(key, entry.getValue())
            .invalid("one of " + String.join(", ", allowed.get()), "an unknown key");
      } else {
        entries.put(key, entry.getValue());
      }
    }
    return Optional.of(new Mapping(this, entries));
  }

  /** A list, as one node per item. */
  public Optional<List<Node>> list(String expected) {
    if (!(value instanceof List<?> raw)) {
      return invalid(expected);
    }
    List<Node> items = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      items.add(new Node(reader, path + "[" + i + "]", raw.get(i)));
    }
    return Optional.of(items);
  }

  /** Reports that this value is not what was expected, showing it; always empty. */
  public <T> Optional<T> invalid(String expected) {
    return invalid(expected, Problem.describe(value));
  }

  /** Reports that this value is not what was expected, described as {@code found}; always empty. */
  public <T> Optional<T> invalid(String expected, String found) {
    return rejected(Problem.expected(expected, found));
  }

  /** Reports a problem text made elsewhere ({@code expected ... Found: ...}) at this path. */
  public <T> Optional<T> rejected(String problem) {
    reader.report(path + ": " + problem);
    return Optional.empty();
  }

  Node child(String key, Object childValue) {
    return new Node(reader, path.equals(DocumentReader.ROOT) ? key : path + "." + key, childValue);
  }
}
