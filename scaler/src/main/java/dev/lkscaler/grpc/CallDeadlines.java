package dev.lkscaler.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * When a call must have its answer: before the caller's deadline, and never later than a query may
 * take.
 */
final class CallDeadlines {
  /** Time kept back from the caller's deadline to send the answer. */
  static final Duration MAX_MARGIN = Duration.ofMillis(250);

  static final Duration MIN_MARGIN = Duration.ofMillis(50);

  /** Beyond the query timeout, time to parse and decide. */
  static final Duration SLACK = Duration.ofMillis(250);

  private CallDeadlines() {}

  static Instant answerBy(Clock clock, Duration queryTimeout) {
    Instant now = clock.instant();
    Instant latest = now.plus(queryTimeout).plus(SLACK);
    Deadline deadline = Context.current().getDeadline();
    if (deadline == null) {
      // KEDA's poll path sets no deadline
      return latest;
    }
    long remaining = deadline.timeRemaining(TimeUnit.MILLISECONDS);
    long margin = Math.max(MIN_MARGIN.toMillis(), Math.min(MAX_MARGIN.toMillis(), remaining / 5));
    Instant callers = now.plusMillis(Math.max(0, remaining - margin));
    return callers.isBefore(latest) ? callers : latest;
  }
}
