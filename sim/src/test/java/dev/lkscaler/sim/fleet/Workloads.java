package dev.lkscaler.sim.fleet;

import dev.lkscaler.sim.scenario.RateProfile;
import dev.lkscaler.sim.scenario.Workload;
import java.util.OptionalInt;

/** Workloads for pool tests: no arrivals of their own, the test offers the work. */
final class Workloads {
  private Workloads() {}

  static Workload agents(int replicas, double startup, double grace) {
    return workload(Component.AGENTS, 0.1, 0, 0, replicas, startup, grace, 1);
  }

  static Workload sip(int replicas, int capacity) {
    return workload(Component.SIP, 0, capacity, 0.1, replicas, 5, 100, 1);
  }

  static Workload egress(int replicas) {
    return workload(Component.EGRESS, 0.8, 1, 0.05, replicas, 5, 100, 1);
  }

  /** SFU nodes at idleCpu 0.1, each participant adding 0.05; rooms of one to twenty. */
  static Workload sfu(int replicas, double startup, double grace) {
    return workload(Component.SFU, 0.05, 0, 0.1, replicas, startup, grace, 20);
  }

  private static Workload workload(
      Component component,
      double workCpu,
      int capacity,
      double idleCpu,
      int replicas,
      double startup,
      double grace,
      int maxParticipants) {
    return new Workload(
        component,
        RateProfile.constant(0),
        10,
        10,
        workCpu,
        capacity,
        idleCpu,
        replicas,
        OptionalInt.empty(),
        OptionalInt.empty(),
        startup,
        grace,
        1,
        maxParticipants);
  }
}
