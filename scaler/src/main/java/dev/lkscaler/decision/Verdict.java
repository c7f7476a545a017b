package dev.lkscaler.decision;

/** What the signals say: a decision, or the first signal that had no data and why. */
public sealed interface Verdict permits Verdict.Decided, Verdict.Missing {

  record Decided(Decision decision) implements Verdict {}

  /** {@code signal} is a signal name, or {@code activation}. */
  record Missing(String policy, String signal, String cause) implements Verdict {
    public String describe() {
      return policy + "/" + signal + ": " + cause;
    }
  }
}
