package dev.lkscaler.bench;

import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asynchronous unary calls with at most {@code bound} in flight: each call takes a permit and its
 * end gives it back; the first failure is kept and thrown at the end.
 */
final class InFlight {
  private final int bound;
  private final Semaphore permits;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  InFlight(int bound) {
    this.bound = bound;
    this.permits = new Semaphore(bound);
  }

  /** Waits for a permit; the observer to give the call ends it. */
  <T> StreamObserver<T> start() throws InterruptedException {
    permits.acquire();
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {}

      @Override
      public void onError(Throwable t) {
        failure.compareAndSet(null, t);
        permits.release();
      }

      @Override
      public void onCompleted() {
        permits.release();
      }
    };
  }

  /** Waits until every call started has ended; throws the first failure. */
  void awaitAll(Duration patience) throws InterruptedException {
    if (!permits.tryAcquire(bound, patience.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("calls still unanswered after " + patience);
    }
    permits.release(bound);
    if (failure.get() != null) {
      throw new IllegalStateException("a call failed", failure.get());
    }
  }
}
