package dev.lkscaler.sim.fleet;

/**
 * A pod as its exporter and the metrics server see it.
 *
 * @param load agents: the worker's load (0..1, what lk_agents_worker_load reports); SIP: calls over
 *     capacity; egress: 1 when busy; SFU: the node's CPU, as LiveKit's node selector reads it
 * @param work running jobs, calls, recordings or rooms
 * @param cpu the pod's CPU over its request, as the CPU HPA reads it
 * @param participants the participants of its work (SFU: of its rooms; 1 per piece of other work)
 * @param cpuSeconds SFU: {@code cpu} integrated over the simulated seconds the pod has run
 *     (cAdvisor's counter, in request-seconds); 0 for the others
 */
public record PodView(
    String name,
    Phase phase,
    double load,
    int work,
    double cpu,
    int participants,
    double cpuSeconds) {}
