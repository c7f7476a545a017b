package dev.lkscaler.sim.loop;

import dev.lkscaler.sim.fleet.Component;

/**
 * A change of a Deployment's spec.replicas.
 *
 * @param by hpa or keda (lkscaler's loop), cpu-hpa (the baseline)
 */
public record ScaleAction(
    double t, String fleet, Component component, int from, int to, String by, String reason) {}
