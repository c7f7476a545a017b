package dev.lkscaler.sim.fleet;

import java.util.ArrayList;
import java.util.List;

/** One simulated pod; mutated only by its {@link Pool}. */
final class Pod {
  final String name;
  final int ordinal;
  final double created;
  final double readyAt;
  Phase phase;
  double drainStart;
  final List<Work> works = new ArrayList<>();
  double cpuSum;
  int participants;
  // CPU over the request, integrated over simulated seconds while the pod runs (cAdvisor's counter)
  double cpuSeconds;

  Pod(String prefix, int ordinal, double created, double readyAt) {
    this.name = prefix + "-" + ordinal;
    this.ordinal = ordinal;
    this.created = created;
    this.readyAt = readyAt;
    this.phase = readyAt <= created ? Phase.READY : Phase.STARTING;
  }
}
