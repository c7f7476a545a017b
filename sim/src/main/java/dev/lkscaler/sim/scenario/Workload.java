package dev.lkscaler.sim.scenario;

import dev.lkscaler.sim.fleet.Component;
import java.util.OptionalInt;

/**
 * One component's load and pods in a scenario. Times are simulated seconds.
 *
 * @param workCpu agents: the load one job adds to its worker; egress: the CPU of a busy pod; SFU:
 *     the CPU one participant adds to its node ({@code participantCpu}); SIP: unused (a pod's CPU
 *     is its calls over its capacity)
 * @param capacityPerPod SIP: the calls one pod carries; egress: 1; agents and SFU: unused (0)
 * @param idleCpu the CPU of a pod without work, as the CPU HPA sees it
 * @param minReplicas overrides the policy's minReplicas (and the ScaledObject's minReplicaCount)
 * @param maxReplicas overrides the policy's maxReplicas
 * @param minParticipants SFU: the fewest participants of a room; 1 for the others
 * @param maxParticipants SFU: the most participants of a room; 1 for the others
 */
public record Workload(
    Component component,
    RateProfile rate,
    double minDuration,
    double maxDuration,
    double workCpu,
    int capacityPerPod,
    double idleCpu,
    int initialReplicas,
    OptionalInt minReplicas,
    OptionalInt maxReplicas,
    double startupDelay,
    double gracePeriod,
    int minParticipants,
    int maxParticipants) {

  public Workload {
    if (!(minDuration > 0) || !(maxDuration >= minDuration)) {
      throw new IllegalArgumentException("durations need 0 < min <= max");
    }
    if (initialReplicas < 0 || startupDelay < 0 || gracePeriod < 0) {
      throw new IllegalArgumentException("replicas, startup delay and grace period must be >= 0");
    }
    if (minParticipants < 1 || maxParticipants < minParticipants) {
      throw new IllegalArgumentException("participants need 1 <= min <= max");
    }
  }

  public double meanDuration() {
    return (minDuration + maxDuration) / 2;
  }
}
