package dev.lkscaler.grpc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open StreamIsActive calls, so that shutdown can end them instead of waiting forever. */
public final class ActiveStreams {
  private final Set<ActivityStream> open = ConcurrentHashMap.newKeySet();

  void add(ActivityStream stream) {
    open.add(stream);
  }

  void remove(ActivityStream stream) {
    open.remove(stream);
  }

  /** Ends every open stream with OK. */
  public void completeAll() {
    for (ActivityStream stream : open) {
      stream.complete();
      open.remove(stream);
    }
  }
}
