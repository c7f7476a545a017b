package dev.lkscaler.tuning;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Times on the command line, as Prometheus' HTTP API takes them. */
public final class Times {
  private Times() {}

  /**
   * RFC 3339 ({@code 2026-12-03T12:00:00Z}, an offset allowed) or Unix seconds with up to
   * millisecond decimals ({@code 1796040000.5}).
   *
   * @throws IllegalArgumentException naming what was expected and what was found
   */
  public static Instant parse(String text) {
    String trimmed = text.strip();
    if (trimmed.matches("\\d{1,12}(\\.\\d{1,3})?")) {
      return Instant.ofEpochMilli(new BigDecimal(trimmed).movePointRight(3).longValueExact());
    }
    try {
      return java.time.OffsetDateTime.parse(trimmed).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "expected an RFC 3339 time (2026-12-03T12:00:00Z) or Unix seconds. Found: \""
              + (trimmed.length() > 64 ? trimmed.substring(0, 64) + "..." : trimmed)
              + "\"");
    }
  }
}
