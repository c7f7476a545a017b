package dev.lkscaler.sim.loop;

import dev.lkscaler.sim.fleet.Component;
import java.util.Map;

/** The state of both fleets at a simulated time, for the demo's live rows. */
public record LiveRow(double t, boolean prometheusUp, Map<String, Map<Component, Sample>> fleets) {}
