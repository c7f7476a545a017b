package dev.lkscaler.prometheus;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A reply body read as it arrives and cut off past a size: a broken query or server can send
 * hundreds of megabytes, and none of it may take the scaler's memory. Cancelled, it stops reading
 * and lets the connection go.
 */
final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Bytes> {
  /** The body, in the chunks it came in. */
  static final class Bytes {
    private final List<byte[]> chunks;
    private final long size;

    Bytes(List<byte[]> chunks, long size) {
      this.chunks = List.copyOf(chunks);
      this.size = size;
    }

    long size() {
      return size;
    }

    InputStream stream() {
      List<InputStream> streams = new ArrayList<>(chunks.size());
      for (byte[] chunk : chunks) {
        streams.add(new ByteArrayInputStream(chunk));
      }
      return new SequenceInputStream(Collections.enumeration(streams));
    }

    /** At most the first {@code limit} bytes, for an error's text. */
    byte[] head(int limit) {
      byte[] head = new byte[(int) Math.min(limit, size)];
      int at = 0;
      for (byte[] chunk : chunks) {
        int n = Math.min(chunk.length, head.length - at);
        System.arraycopy(chunk, 0, head, at, n);
        at += n;
        if (at == head.length) {
          break;
        }
      }
      return head;
    }
  }

  /** The body went past the cap. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(long cap) {
      super("reply body above " + cap + " bytes", null, false, false);
    }
  }

  private final long cap;
  private final CompletableFuture<Bytes> body = new CompletableFuture<>();
  private final List<byte[]> chunks = new ArrayList<>();
  private long size;
  private volatile Flow.Subscription subscription;
  private volatile boolean cancelled;

  CappedBody(long cap) {
    this.cap = cap;
  }

  /** Whether the reply's headers came, so that its body began. */
  boolean started() {
    return subscription != null;
  }

  /** Stops reading: a timeout gave up on the reply. */
  void cancel() {
    cancelled = true;
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (cancelled) {
      subscription.cancel();
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      size += item.remaining();
      if (size > cap) {
        chunks.clear();
        subscription.cancel();
        body.completeExceptionally(new TooLarge(cap));
        return;
      }
      byte[] chunk = new byte[item.remaining()];
      item.get(chunk);
      chunks.add(chunk);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable error) {
    chunks.clear();
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(new Bytes(chunks, size));
  }

  @Override
  public CompletionStage<Bytes> getBody() {
    return body;
  }
}
