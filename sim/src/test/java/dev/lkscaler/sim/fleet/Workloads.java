package dev.lkscaler.sim.fleet;

import dev.lkscaler.sim.scenario.RateProfile;
import dev.lkscaler.sim.scenario.Workload;
import java.util.OptionalInt;

/** Workloads for pool tests: no arrivals of their own, the test offers the work. */
final class Workloads {
  private Workloads() {}

  static Workload agents(int replicas, double startup, double grace) {
    return new Workload(
        Component.AGENTS,
        RateProfile.constant(0),
        10,
        10,
        0.1,
        0,
        0,
        replicas,
        OptionalInt.empty(),
        OptionalInt.empty(),
        startup,
        grace);
  }

  static Workload sip(int replicas, int capacity) {
    return new Workload(
        Component.SIP,
        RateProfile.constant(0),
        10,
        10,
        0,
        capacity,
        0.1,
        replicas,
        OptionalInt.empty(),
        OptionalInt.empty(),
        5,
        100);
  }

  static Workload egress(int replicas) {
    return new Workload(
        Component.EGRESS,
        RateProfile.constant(0),
        10,
        10,
        0.8,
        1,
        0.05,
        replicas,
        OptionalInt.empty(),
        OptionalInt.empty(),
        5,
        100);
  }
}
