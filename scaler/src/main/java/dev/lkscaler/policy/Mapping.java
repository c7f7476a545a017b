package dev.lkscaler.policy;

import java.util.List;
import java.util.Map;

/** A mapping node's entries, with string keys, in document order. */
public final class Mapping {
  private final Node node;
  private final Map<String, Object> entries;

  Mapping(Node node, Map<String, Object> entries) {
    this.node = node;
    this.entries = entries;
  }

  /** The node at {@code key}; a missing node when the key is not written or is null. */
  public Node get(String key) {
    return node.child(key, entries.get(key));
  }

  /** Whether the key is written, even with a null value. */
  public boolean has(String key) {
    return entries.containsKey(key);
  }

  /** The keys written, in document order. */
  public List<String> keys() {
    return List.copyOf(entries.keySet());
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
