package dev.lkscaler.kubernetes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs failing watches at most once a minute per watch: an unreachable API server retries many
 * times a minute, and one line says it all.
 */
final class WatchFailures {
  static final Duration QUIET = Duration.ofMinutes(1);

  private final Logger log;
  private final Clock clock;
  private final ConcurrentHashMap<String, Instant> lastLogged = new ConcurrentHashMap<>();

  WatchFailures(Logger log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /** For an informer's exception handler: log (now and then) and keep retrying. */
  boolean failed(String what, Throwable error) {
    Instant now = clock.instant();
    Instant last = lastLogged.get(what);
    if (last == null || !now.isBefore(last.plus(QUIET))) {
      lastLogged.put(what, now);
      Throwable cause = error.getCause() != null ? error.getCause() : error;
      log.warn(
          "watching {} failed, retrying (logged at most once a minute): {}",
          what,
          cause.toString());
    }
    return true;
  }
}
