package dev.lkscaler.policy;

/** What an empty query result means for a signal. */
public enum OnEmpty {
  /** No data: serve the last good decision or fail; never scale on it. */
  HOLD,
  /** Zero load: no pods report because there is no work. */
  ZERO;

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
