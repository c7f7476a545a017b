package dev.lkscaler.sim.fleet;

import java.util.Locale;

/** The LiveKit components the simulator runs; each is one Deployment and one ScaledObject. */
public enum Component {
  /** Agent workers: jobs add CPU load; a worker at 0.7 or more takes no new job. */
  AGENTS,
  /** SIP pods: calls against a per-pod capacity. */
  SIP,
  /** Egress pods: one recording takes a whole pod. */
  EGRESS;

  /** The Deployment, ScaledObject and policy name: agents, sip, egress. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** What one unit of work is called in reports. */
  public String workNoun() {
    return switch (this) {
      case AGENTS -> "jobs";
      case SIP -> "calls";
      case EGRESS -> "egress requests";
    };
  }
}
