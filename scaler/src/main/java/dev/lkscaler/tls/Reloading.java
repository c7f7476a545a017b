package dev.lkscaler.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A value loaded from files and loaded again when they change (cert-manager rotates certificates in
 * place): looked at no more than once per interval, on use. A change that does not load (a pair
 * written half way, a key of another certificate) leaves the value in use as it was, and is told
 * once.
 */
final class Reloading<T> {
  /** Loads the value from the files; a problem is an IOException whose message says what. */
  interface Loader<T> {
    T load() throws IOException;
  }

  private final String what;
  private final List<Path> files;
  private final Loader<T> loader;
  private final TlsFiles.Listener listener;
  private final Clock clock;
  private final long intervalMillis;
  private volatile T value;
  private volatile FileStamp stamp;
  private volatile long checkedAtMillis;

  /** Loads now: a value that does not load at start is an error. */
  Reloading(
      String what,
      List<Path> files,
      Loader<T> loader,
      TlsFiles.Listener listener,
      Clock clock,
      Duration interval)
      throws IOException {
    this.what = what;
    this.files = List.copyOf(files);
    this.loader = loader;
    this.listener = listener;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
    this.stamp = FileStamp.of(files);
    this.value = Objects.requireNonNull(loader.load());
    this.checkedAtMillis = clock.millis();
  }

  T get() {
    long now = clock.millis();
    if (now - checkedAtMillis >= intervalMillis) {
      check(now);
    }
    return value;
  }

  private synchronized void check(long now) {
    if (now - checkedAtMillis < intervalMillis) {
      return;
    }
    checkedAtMillis = now;
    FileStamp seen = FileStamp.of(files);
    if (seen.equals(stamp)) {
      return;
    }
    try {
      T loaded = Objects.requireNonNull(loader.load());
      // files that changed while being read are read again at the next look
      if (!FileStamp.of(files).equals(seen)) {
        return;
      }
      value = loaded;
      stamp = seen;
      listener.reloaded(what);
    } catch (IOException | RuntimeException e) {
      stamp = seen;
      listener.rejected(what, e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }
}
