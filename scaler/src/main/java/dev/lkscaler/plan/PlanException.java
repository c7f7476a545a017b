package dev.lkscaler.plan;

/** A call that cannot be planned; the message names the field, the expectation and the value. */
public final class PlanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why there is no plan. */
  public enum Kind {
    /** The ScaledObject's metadata is wrong: the user must fix it. */
    BAD_METADATA,
    /** The metadata names a policy that is not in the policy file. */
    UNKNOWN_POLICY,
    /** A query needs {{target}}, and the ScaledObject's scale target is not known yet. */
    TARGET_UNKNOWN
  }

  private final Kind kind;

  public PlanException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
