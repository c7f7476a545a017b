package dev.lkscaler.hpa;

/** A value's name in a manifest. */
interface Wire {
  String wire();

  /** The value named {@code text}, else an error that says what was expected. */
  static <E extends Enum<E> & Wire> E parse(Class<E> type, String text, String error) {
    for (E value : type.getEnumConstants()) {
      if (value.wire().equals(text)) {
        return value;
      }
    }
    throw new IllegalArgumentException(error + text);
  }
}
