package dev.lkscaler.sim.loop;

import dev.lkscaler.sim.fleet.Component;
import java.util.OptionalDouble;

/**
 * One reply of lkscaler to the emulator, at a simulated time.
 *
 * @param caller poll (KEDA's polling loop), hpa (an HPA sync), stream (StreamIsActive) or probe
 * @param method GetMetrics or IsActive
 * @param value the metric value, or 1/0 for active/inactive; empty when the call failed
 * @param error the gRPC status of a failed call, else empty text
 */
public record Answer(
    double t,
    Component component,
    String caller,
    String method,
    OptionalDouble value,
    String error) {
  public boolean ok() {
    return value.isPresent();
  }
}
