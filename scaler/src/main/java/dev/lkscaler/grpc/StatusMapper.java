package dev.lkscaler.grpc;

import dev.lkscaler.decision.Outcome;
import dev.lkscaler.scaling.ScalingException;
import io.grpc.Status;
import java.util.concurrent.CompletionException;

/** The one place where failures and missing data become gRPC statuses. */
final class StatusMapper {
  private StatusMapper() {}

  /** An answer without a decision: KEDA holds the replicas and retries. */
  static Status toStatus(Outcome outcome) {
    if (outcome instanceof Outcome.Unavailable unavailable) {
      return Status.UNAVAILABLE.withDescription(unavailable.cause());
    }
    return Status.INTERNAL.withDescription("internal error: no status for " + outcome);
  }

  static Status toStatus(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ScalingException scaling) {
      Status status =
          switch (scaling.kind()) {
            case BAD_METADATA -> Status.INVALID_ARGUMENT;
            case UNKNOWN_POLICY -> Status.NOT_FOUND;
            case TARGET_UNKNOWN, NO_POLICY -> Status.UNAVAILABLE;
          };
      return status.withDescription(scaling.getMessage());
    }
    return Status.INTERNAL.withDescription("internal error: " + cause).withCause(cause);
  }
}
