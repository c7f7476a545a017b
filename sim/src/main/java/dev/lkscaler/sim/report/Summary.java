package dev.lkscaler.sim.report;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.fleet.Counters;
import dev.lkscaler.sim.fleet.NodeSelector;
import dev.lkscaler.sim.fleet.Pool;
import dev.lkscaler.sim.loop.ClosedLoop;
import dev.lkscaler.sim.loop.RunResult;
import dev.lkscaler.sim.loop.Sample;
import dev.lkscaler.sim.scenario.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The side-by-side outcome of a run: per component, lkscaler against the CPU-HPA baseline. Pure.
 */
public record Summary(List<ComponentSummary> rows) {
  public static final List<String> FLEETS = List.of(ClosedLoop.LKSCALER, ClosedLoop.BASELINE);

  public Summary {
    rows = List.copyOf(rows);
  }

  public static Summary of(RunResult run) {
    List<ComponentSummary> rows = new ArrayList<>();
    for (Workload workload : run.scenario().workloads()) {
      Component component = workload.component();
      double peakOffered =
          run.samples(ClosedLoop.LKSCALER, component).stream()
              .mapToDouble(Sample::offered)
              .max()
              .orElse(0);
      for (String fleet : FLEETS) {
        Counters counters = run.counters(fleet, component);
        rows.add(
            new ComponentSummary(
                fleet,
                component,
                counters.offered(),
                counters.rejected(),
                counters.podSeconds(),
                counters.peakPods(),
                timeToCapacity(run.samples(fleet, component), workload, peakOffered),
                counters.lost(),
                counters.drainsStarted(),
                counters.longestDrain(),
                counters.participantSeconds(),
                counters.overloadedParticipantSeconds()));
      }
    }
    return new Summary(rows);
  }

  public Optional<ComponentSummary> row(String fleet, Component component) {
    return rows.stream()
        .filter(r -> r.fleet().equals(fleet) && r.component() == component)
        .findFirst();
  }

  /**
   * What one ready pod carries before it turns work away; for the SFU, the node selector's limit
   * (past it a node still takes rooms, but only when every node is past it).
   */
  public static double capacityPerPod(Workload workload) {
    return switch (workload.component()) {
      case AGENTS -> Pool.AGENT_LOAD_THRESHOLD;
      case SIP -> workload.capacityPerPod();
      case EGRESS -> 1;
      case SFU -> NodeSelector.LOAD_LIMIT;
    };
  }

  static OptionalDouble timeToCapacity(
      List<Sample> samples, Workload workload, double peakOffered) {
    Optional<Double> rise = workload.rate().riseStart();
    if (rise.isEmpty() || peakOffered <= 0) {
      return OptionalDouble.empty();
    }
    double perPod = capacityPerPod(workload);
    for (Sample sample : samples) {
      if (sample.t() >= rise.get() && sample.ready() * perPod >= peakOffered) {
        return OptionalDouble.of(sample.t() - rise.get());
      }
    }
    return OptionalDouble.of(Double.POSITIVE_INFINITY);
  }
}
