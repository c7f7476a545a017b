package dev.lkscaler.grpc;

import dev.lkscaler.decision.Outcome;
import dev.lkscaler.proto.externalscaler.IsActiveResponse;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One StreamIsActive call: sends the state at once, then each change. Without data it sends nothing
 * rather than a false "inactive"; an error in the metadata ends the stream.
 */
final class ActivityStream {
  private static final Logger log = LoggerFactory.getLogger(ActivityStream.class);

  private final ServerCallStreamObserver<IsActiveResponse> call;
  private final Supplier<CompletableFuture<Outcome>> decide;
  private final ScheduledExecutorService scheduler;
  private final Supplier<Duration> interval;
  private final ActiveStreams registry;
  private Boolean lastSent;
  private boolean closed;
  private ScheduledFuture<?> next;

  ActivityStream(
      ServerCallStreamObserver<IsActiveResponse> call,
      Supplier<CompletableFuture<Outcome>> decide,
      ScheduledExecutorService scheduler,
      Supplier<Duration> interval,
      ActiveStreams registry) {
    this.call = call;
    this.decide = decide;
    this.scheduler = scheduler;
    this.interval = interval;
    this.registry = registry;
  }

  void start() {
    tick();
  }

  private void tick() {
    CompletableFuture<Outcome> outcome;
    try {
      outcome = decide.get();
    } catch (RuntimeException e) {
      outcome = CompletableFuture.failedFuture(e);
    }
    outcome.whenComplete(
        (result, error) -> {
          synchronized (this) {
            if (closed) {
              return;
            }
            if (error != null) {
              if (StatusMapper.toStatus(error).getCode() != io.grpc.Status.Code.UNAVAILABLE) {
                fail(error);
                return;
              }
              log.debug("stream keeps its last state: {}", error.getMessage());
            } else if (result.answer().isEmpty()) {
              log.debug("stream keeps its last state: {}", result);
            } else if (lastSent == null || lastSent != result.answer().get().active()) {
              lastSent = result.answer().get().active();
              call.onNext(IsActiveResponse.newBuilder().setResult(lastSent).build());
            }
            next = scheduler.schedule(this::tick, interval.get().toMillis(), TimeUnit.MILLISECONDS);
          }
        });
  }

  private synchronized void fail(Throwable error) {
    if (closed) {
      return;
    }
    closed = true;
    registry.remove(this);
    call.onError(StatusMapper.toStatus(error).asRuntimeException());
  }

  /** The caller cancelled: stop re-evaluating. */
  synchronized void cancel() {
    closed = true;
    registry.remove(this);
    if (next != null) {
      next.cancel(false);
    }
  }

  /** The server is stopping: end the stream cleanly so that KEDA reconnects elsewhere. */
  synchronized void complete() {
    if (closed) {
      return;
    }
    closed = true;
    if (next != null) {
      next.cancel(false);
    }
    try {
      call.onCompleted();
    } catch (RuntimeException alreadyGone) {
      // cancelled at the same moment
    }
  }
}
