package dev.lkscaler.policy;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A signal's look ahead: its load's trend, fitted over {@code window}, projected {@code horizon}
 * ahead (the scaling lag), so that capacity asked for now is there when it is needed.
 *
 * @param step the resolution of the subquery the trend is fitted to
 */
public record Lookahead(Duration window, Duration horizon, Duration step) {
  public Lookahead {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(horizon, "horizon");
    Objects.requireNonNull(step, "step");
    PolicyKeys.LOOKAHEAD_WINDOW.require(window);
    PolicyKeys.LOOKAHEAD_HORIZON.require(horizon);
    PolicyKeys.LOOKAHEAD_STEP.require(step, Map.of(PolicyKeys.LOOKAHEAD_WINDOW, window));
  }
}
