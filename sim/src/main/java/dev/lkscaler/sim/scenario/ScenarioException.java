package dev.lkscaler.sim.scenario;

import java.util.List;

/** A scenario file that cannot be used; every error names its path. */
public final class ScenarioException extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<String> errors;

  public ScenarioException(String source, List<String> errors) {
    super(source + ": " + String.join("; ", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
