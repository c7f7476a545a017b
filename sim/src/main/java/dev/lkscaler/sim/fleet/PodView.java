package dev.lkscaler.sim.fleet;

/**
 * A pod as its exporter and the metrics server see it.
 *
 * @param load agents: the worker's load (0..1, what lk_agents_worker_load reports); SIP: calls over
 *     capacity; egress: 1 when busy
 * @param work running jobs, calls or recordings
 * @param cpu the pod's CPU over its request, as the CPU HPA reads it
 */
public record PodView(String name, Phase phase, double load, int work, double cpu) {}
