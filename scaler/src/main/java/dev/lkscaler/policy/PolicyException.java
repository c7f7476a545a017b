package dev.lkscaler.policy;

import java.util.List;

/** A policy file with one or more errors; all of them are listed. */
public final class PolicyException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<String> errors;

  public PolicyException(List<String> errors) {
    super(
        errors.size()
            + (errors.size() == 1 ? " error" : " errors")
            + " in policy: "
            + String.join("; ", errors));
    this.errors = List.copyOf(errors);
  }

  /** Each error in {@link Problem}'s shape: {@code <path>: expected <what>. Found: <value>}. */
  public List<String> errors() {
    return errors;
  }
}
