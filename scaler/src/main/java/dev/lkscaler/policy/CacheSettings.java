package dev.lkscaler.policy;

import java.time.Duration;
import java.util.Objects;

/** How long samples are reused, and how long a last good decision may stand in for no data. */
public record CacheSettings(Duration ttl, Duration lastKnownGoodFor) {
  public CacheSettings {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(lastKnownGoodFor, "lastKnownGoodFor");
  }
}
