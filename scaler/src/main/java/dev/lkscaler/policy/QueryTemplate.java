package dev.lkscaler.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A PromQL text with {@code {{variable}}} placeholders. Values are checked before they are
 * substituted: only Kubernetes names and label values pass, and neither can hold a quote, a
 * backslash, a brace or a space, so a value can never end a label matcher or start new PromQL.
 */
public record QueryTemplate(String text, List<Part> parts) {
  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
  // Kubernetes label value (63 chars) and DNS-1123 subdomain (253 chars).
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** A literal piece of PromQL, or a variable to substitute. */
  public sealed interface Part permits Literal, Variable {}

  public record Literal(String text) implements Part {}

  public record Variable(String name) implements Part {}

  public QueryTemplate {
    parts = List.copyOf(parts);
  }

  /** Parses the text; the error, if any, says what was expected and what was found. */
  public static Result parse(String text) {
    List<Part> parts = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int open = text.indexOf("{{", at);
      if (open < 0) {
        parts.add(new Literal(text.substring(at)));
        break;
      }
      if (open > at) {
        parts.add(new Literal(text.substring(at, open)));
      }
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        return new Result(
            null,
            Problem.expected(
                "{{variable}} to be closed by }}", "\"" + text.substring(open) + "\""));
      }
      String name = text.substring(open + 2, close).strip();
      if (!VARIABLE_NAME.matcher(name).matches()) {
        return new Result(
            null,
            Problem.expected(
                "a variable name of letters, digits, '_', '.' or '-' in {{...}}",
                "\"" + text.substring(open, close + 2) + "\""));
      }
      parts.add(new Variable(name));
      at = close + 2;
    }
    return new Result(new QueryTemplate(text, parts), null);
  }

  /** The outcome of {@link #parse}: a template or an error text. */
  public record Result(QueryTemplate template, String error) {}

  /** The variables used, in order of first use. */
  public Set<String> variables() {
    Set<String> names = new LinkedHashSet<>();
    for (Part part : parts) {
      if (part instanceof Variable variable) {
        names.add(variable.name());
      }
    }
    return names;
  }

  /**
   * Substitutes the values, or throws {@link TemplateException} naming the variable when one is
   * missing or is not a Kubernetes name or label value.
   */
  public String expand(Map<String, String> values) {
    StringBuilder out = new StringBuilder(text.length() + 32);
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        out.append(literal.text());
      } else if (part instanceof Variable variable) {
        String value = values.get(variable.name());
        if (value == null) {
          throw new TemplateException(variable.name(), Problem.expected("a value", "none"));
        }
        Optional<String> problem = checkValue(value);
        if (problem.isPresent()) {
          throw new TemplateException(variable.name(), problem.get());
        }
        out.append(value);
      }
    }
    return out.toString();
  }

  /** Empty when the value may be substituted; otherwise what is wrong with it. */
  public static Optional<String> checkValue(String value) {
    boolean labelValue = value.length() <= 63 && LABEL_VALUE.matcher(value).matches();
    boolean name = value.length() <= 253 && DNS_SUBDOMAIN.matcher(value).matches();
    if (labelValue || name) {
      return Optional.empty();
    }
    return Optional.of(
        Problem.expected(
            "a Kubernetes name or label value (letters, digits, '-', '_', '.')",
            Problem.describe(value)));
  }

  @Override
  public String toString() {
    return text;
  }
}
