package dev.lkscaler.sim.fleet;

/** Where a pod is in its life. */
public enum Phase {
  /** Created, not ready yet: no work, no metrics. */
  STARTING,
  /** Takes work and exports metrics. */
  READY,
  /**
   * Deleted: takes no new work, exports metrics until its work ends or its grace period runs out.
   */
  DRAINING
}
