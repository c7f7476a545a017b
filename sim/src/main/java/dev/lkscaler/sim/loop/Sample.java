package dev.lkscaler.sim.loop;

/**
 * One component of one fleet at a simulated time.
 *
 * @param desired the Deployment's spec.replicas
 * @param pods pods that exist: starting, ready and draining
 * @param outOfService ready agent workers at or above 0.7 (no new jobs); SFU: ready nodes at or
 *     above the node selector's limit (0.7)
 * @param measure agents: the mean load of ready workers; SIP: active calls; egress: idle ready
 *     pods; SFU: the mean CPU of ready nodes; the oracle: 0 (its pods are a count, with no load to
 *     read)
 * @param offered the offered load (agents: CPU of the jobs in progress; SIP: calls; egress:
 *     recordings; SFU: CPU of the rooms in progress)
 * @param rejected work rejected so far
 * @param lost work lost to drains so far
 */
public record Sample(
    double t,
    int desired,
    int pods,
    int ready,
    int starting,
    int draining,
    int outOfService,
    double measure,
    double offered,
    long offeredTotal,
    long rejected,
    long lost) {}
