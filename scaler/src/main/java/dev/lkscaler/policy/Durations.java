package dev.lkscaler.policy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written as Prometheus writes them: {@code 250ms}, {@code 5s}, {@code 1h30m}. */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d|w|y))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

  private Durations() {}

  /** Returns the duration, or empty when the text is not a Prometheus duration. */
  public static java.util.Optional<Duration> parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      return java.util.Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text);
    try {
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total = total.plus(unit(part.group(2)).multipliedBy(amount));
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(total);
  }

  /** Formats the way Prometheus does, so that parse(format(d)) == d. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long millis = duration.toMillis();
    long[] sizes = {3_600_000L, 60_000L, 1_000L, 1L};
    String[] units = {"h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      long count = millis / sizes[i];
      if (count > 0) {
        out.append(count).append(units[i]);
        millis -= count * sizes[i];
      }
    }
    return out.toString();
  }

  private static Duration unit(String unit) {
    return switch (unit) {
      case "ms" -> Duration.ofMillis(1);
      case "s" -> Duration.ofSeconds(1);
      case "m" -> Duration.ofMinutes(1);
      case "h" -> Duration.ofHours(1);
      case "d" -> Duration.ofDays(1);
      case "w" -> Duration.ofDays(7);
      case "y" -> Duration.ofDays(365);
      default -> throw new IllegalArgumentException("unit " + unit);
    };
  }
}
