package dev.lkscaler.sim.scenario;

import dev.lkscaler.sim.fleet.Component;
import java.util.List;
import java.util.Optional;

/**
 * A scenario file: the load on each simulated component over time, and the events (a Prometheus
 * outage). Times are simulated seconds.
 */
public record Scenario(
    String name,
    String description,
    double duration,
    long seed,
    List<Workload> workloads,
    Optional<Outage> outage) {

  public Scenario {
    workloads = List.copyOf(workloads);
    if (!(duration > 0)) {
      throw new IllegalArgumentException("duration must be > 0");
    }
    if (workloads.isEmpty()) {
      throw new IllegalArgumentException("a scenario needs at least one component");
    }
  }

  public Optional<Workload> workload(Component component) {
    return workloads.stream().filter(w -> w.component() == component).findFirst();
  }

  public List<Component> components() {
    return workloads.stream().map(Workload::component).toList();
  }

  public Scenario withSeed(long newSeed) {
    return new Scenario(name, description, duration, newSeed, workloads, outage);
  }
}
