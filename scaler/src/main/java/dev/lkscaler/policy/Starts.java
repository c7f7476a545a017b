package dev.lkscaler.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * New work per second, taken or refused (recordings started): a headroom signal keeps an idle pod
 * for each piece that starts within {@code horizon}, the scaling lag, since a pod asked for now is
 * ready only then.
 */
public record Starts(QueryTemplate query, Duration horizon) {
  public Starts {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(horizon, "horizon");
    PolicyKeys.STARTS_HORIZON.require(horizon);
  }
}
