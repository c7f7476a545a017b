package dev.lkscaler.policy;

/** A query variable has no value, or a value that may not be substituted. */
public final class TemplateException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String variable;

  public TemplateException(String variable, String problem) {
    super("{{" + variable + "}}: " + problem);
    this.variable = variable;
  }

  public String variable() {
    return variable;
  }
}
