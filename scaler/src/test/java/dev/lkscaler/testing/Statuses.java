package dev.lkscaler.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The gRPC status a call fails with, as KEDA would see it. */
public final class Statuses {
  private Statuses() {}

  /** Asserts that the call fails with this code; its description is there to assert on. */
  public static AbstractStringAssert<?> assertFailsWith(ThrowingCallable call, Status.Code code) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
    Status status = ((StatusRuntimeException) thrown).getStatus();
    assertThat(status.getCode()).as("the code of %s", status).isEqualTo(code);
    return assertThat(status.getDescription());
  }
}
