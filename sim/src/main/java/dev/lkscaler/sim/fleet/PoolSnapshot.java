package dev.lkscaler.sim.fleet;

import java.util.List;

/**
 * One component's pods and counters at a simulated time.
 *
 * @param desired the replica count the Deployment asks for
 * @param offeredLoad the load if every offered piece of work ran: agents, the CPU of the jobs in
 *     progress; SIP, the calls; egress, the recordings; SFU, the CPU of the rooms in progress
 * @param offeredInProgress offered work in progress, taken or not (for agents: their rooms)
 */
public record PoolSnapshot(
    Component component,
    double time,
    int desired,
    List<PodView> pods,
    double offeredLoad,
    int offeredInProgress,
    Counters counters) {

  public PoolSnapshot {
    pods = List.copyOf(pods);
  }

  public int count(Phase phase) {
    return (int) pods.stream().filter(p -> p.phase() == phase).count();
  }

  /**
   * Starting and ready pods: what a Deployment's status.replicas counts (terminating pods are left
   * out).
   */
  public int replicas() {
    return count(Phase.STARTING) + count(Phase.READY);
  }

  /**
   * Ready pods at or above the load where LiveKit stops giving them new work: agent workers at the
   * load threshold, SFU nodes at the node selector's limit (while another node is under it).
   */
  public int outOfService() {
    double limit =
        switch (component) {
          case AGENTS -> Pool.AGENT_LOAD_THRESHOLD;
          case SFU -> NodeSelector.LOAD_LIMIT;
          case SIP, EGRESS -> Double.POSITIVE_INFINITY;
        };
    return (int) pods.stream().filter(p -> p.phase() == Phase.READY && p.load() >= limit).count();
  }

  /** Ready egress pods without a recording. */
  public int idle() {
    return (int) pods.stream().filter(p -> p.phase() == Phase.READY && p.work() == 0).count();
  }

  /** The mean load of the ready pods, 0 without any. */
  public double meanReadyLoad() {
    return pods.stream()
        .filter(p -> p.phase() == Phase.READY)
        .mapToDouble(PodView::load)
        .average()
        .orElse(0);
  }

  /** Work running on pods (ready or draining). */
  public int running() {
    return pods.stream().mapToInt(PodView::work).sum();
  }
}
