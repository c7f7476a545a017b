package dev.lkscaler.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, found by a small tokenizer rather than a parser:
 * strings, label matchers, ranges, grouping label lists and Grafana variables are cut out first; of
 * the identifiers left, those followed by "(" are functions or aggregations, and keywords go.
 */
final class PromQl {
  private static final Pattern STRINGS =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^\\]]*]");
  private static final Pattern LABEL_LISTS =
      Pattern.compile(
          "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern VARIABLES = Pattern.compile("\\$\\{?\\w+}?");
  // Numbers and durations (0.8, 15m, 1e3) first, so that their letters are not taken for names.
  private static final Pattern TOKENS =
      Pattern.compile("[0-9][0-9A-Za-z_.]*|([A-Za-z_:][A-Za-z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "and",
          "or",
          "unless",
          "atan2",
          "inf",
          "nan",
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");

  private PromQl() {}

  static Set<String> metricNames(String expression) {
    String rest = STRINGS.matcher(expression).replaceAll(" ");
    rest = MATCHERS.matcher(rest).replaceAll(" ");
    rest = RANGES.matcher(rest).replaceAll(" ");
    rest = LABEL_LISTS.matcher(rest).replaceAll(" ");
    rest = VARIABLES.matcher(rest).replaceAll(" ");
    Set<String> names = new LinkedHashSet<>();
    Matcher token = TOKENS.matcher(rest);
    while (token.find()) {
      String name = token.group(1);
      boolean call = token.group(2) != null;
      if (name != null && !call && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }
}
