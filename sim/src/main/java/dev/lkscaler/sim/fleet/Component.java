package dev.lkscaler.sim.fleet;

import java.util.Locale;

/** The LiveKit components the simulator runs; each is one Deployment and one ScaledObject. */
public enum Component {
  /** Agent workers: jobs add CPU load; a worker at 0.7 or more takes no new job. */
  AGENTS,
  /** SIP pods: calls against a per-pod capacity. */
  SIP,
  /** Egress pods: one recording takes a whole pod. */
  EGRESS,
  /**
   * livekit-server: rooms pinned to the node the selector picks; it never turns a room away for
   * load, it overloads a node instead. Last, so that the others keep their ordinals (and seeds).
   */
  SFU;

  /** The scenario key, and the name in samples and reports: agents, sip, egress, sfu. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The Deployment, ScaledObject and policy name, as deploy/ ships them (the SFU's is
   * livekit-server); the pods are named after it.
   */
  public String target() {
    return this == SFU ? "livekit-server" : id();
  }

  /** What one unit of work is called in reports. */
  public String workNoun() {
    return switch (this) {
      case AGENTS -> "jobs";
      case SIP -> "calls";
      case EGRESS -> "egress requests";
      case SFU -> "rooms";
    };
  }
}
