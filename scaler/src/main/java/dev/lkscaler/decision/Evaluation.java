package dev.lkscaler.decision;

/** The result of deciding: a decision, or the signal that had no data and why. */
public sealed interface Evaluation permits Evaluation.Decided, Evaluation.Missing {

  record Decided(Decision decision) implements Evaluation {}

  /** {@code signal} is a signal name, or {@code activation}. */
  record Missing(String policy, String signal, String cause) implements Evaluation {
    public String describe() {
      return policy + "/" + signal + ": " + cause;
    }
  }
}
