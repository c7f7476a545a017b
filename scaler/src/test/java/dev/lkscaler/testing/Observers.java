package dev.lkscaler.testing;

import dev.lkscaler.proto.externalscaler.IsActiveResponse;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/** Client-side observers that record what a call received. */
public final class Observers {
  private Observers() {}

  /** Queues each result, the error, or the word "completed". */
  public static StreamObserver<IsActiveResponse> collect(BlockingQueue<Object> into) {
    return new StreamObserver<>() {
      @Override
      public void onNext(IsActiveResponse value) {
        into.add(value.getResult());
      }

      @Override
      public void onError(Throwable t) {
        into.add(t);
      }

      @Override
      public void onCompleted() {
        into.add("completed");
      }
    };
  }

  /** Completes the future with the first reply or the error. */
  public static <T> StreamObserver<T> complete(CompletableFuture<T> future) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        future.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        future.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }
}
