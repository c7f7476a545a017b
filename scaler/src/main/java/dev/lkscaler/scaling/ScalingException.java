package dev.lkscaler.scaling;

/**
 * A call that cannot even be planned, found before any query; the edge maps the kind to a gRPC
 * status. Missing data is not one of these: it is an {@code Outcome}.
 */
public final class ScalingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why there is no decision. */
  public enum Kind {
    /** The ScaledObject's metadata is wrong: the user must fix it. */
    BAD_METADATA,
    /** The metadata names a policy that is not in the policy file. */
    UNKNOWN_POLICY,
    /** A query needs {{target}}, and the scale target is not known yet: KEDA should retry. */
    TARGET_UNKNOWN,
    /** No valid policy has been read yet. */
    NO_POLICY
  }

  private final Kind kind;

  public ScalingException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
