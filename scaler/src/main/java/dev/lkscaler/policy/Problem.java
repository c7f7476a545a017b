package dev.lkscaler.policy;

import java.util.List;
import java.util.Map;

/**
 * The one shape of an error about a value, client_java's: {@code <path>: expected <expectation>.
 * Found: <value>}, e.g. {@code policies.agents.signals[0].scaleUpAt: expected a number in (0,
 * outOfServiceAt). Found: 0.9}.
 */
public final class Problem {
  private static final int LONGEST_SHOWN = 80;

  private Problem() {}

  /** The error text for the value at {@code path}. */
  public static String at(String path, String expected, String found) {
    return path + ": " + expected(expected, found);
  }

  /** The error text without its path, for a caller that knows where the value came from. */
  public static String expected(String expected, String found) {
    return "expected " + expected + ". Found: " + found;
  }

  /** How a found value is shown: strings quoted and cut at 80 characters, collections by kind. */
  public static String describe(Object value) {
    if (value instanceof String text) {
      String shown =
          text.length() > LONGEST_SHOWN ? text.substring(0, LONGEST_SHOWN) + "..." : text;
      return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
    if (value instanceof Double number) {
      return number(number);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
      return kind(value);
    }
    return value.getClass().getSimpleName();
  }

  /** What a value is, without showing it: for secrets. */
  public static String kind(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof Map<?, ?>) {
      return "a mapping";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof Number) {
      return "a number";
    }
    return value instanceof Boolean ? "a boolean" : "a value";
  }

  /** A number as written in a policy file: {@code 1} rather than {@code 1.0}. */
  public static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.valueOf((long) value);
    }
    return String.valueOf(value);
  }
}
