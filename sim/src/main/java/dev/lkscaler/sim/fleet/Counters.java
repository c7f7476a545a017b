package dev.lkscaler.sim.fleet;

/**
 * What happened to one component's work and pods since simulated time 0.
 *
 * @param offered work offered to the fleet
 * @param rejected work that found no pod to take it
 * @param lost work killed because its pod's grace period ran out while draining
 * @param drainsCompleted drains that ended because the pod's work ended
 * @param drainsTimedOut drains cut by the grace period
 * @param longestDrain the longest drain so far, in simulated seconds
 * @param podSeconds pods that existed (starting, ready or draining) integrated over simulated time
 * @param peakPods the most pods that existed at once
 * @param participantSeconds SFU: the participants of every room in progress, integrated over
 *     simulated time; 0 for the others
 * @param overloadedParticipantSeconds SFU: the part of {@code participantSeconds} spent on nodes at
 *     or above {@link Pool#MEDIA_DEGRADES_AT} CPU; 0 for the others
 */
public record Counters(
    long offered,
    long rejected,
    long lost,
    long drainsStarted,
    long drainsCompleted,
    long drainsTimedOut,
    double longestDrain,
    double podSeconds,
    int peakPods,
    double participantSeconds,
    double overloadedParticipantSeconds) {}
