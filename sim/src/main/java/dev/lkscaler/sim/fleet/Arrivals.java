package dev.lkscaler.sim.fleet;

import dev.lkscaler.sim.scenario.RateProfile;
import dev.lkscaler.sim.scenario.Scenario;
import dev.lkscaler.sim.scenario.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The offered work of a scenario, drawn once from its seed so that every fleet of a run (lkscaler
 * and the CPU-HPA baseline) is offered exactly the same work.
 */
public final class Arrivals {
  private Arrivals() {}

  /**
   * Poisson arrivals whose rate follows each component's profile (by thinning), from one longest
   * duration before 0 to the scenario's end: the work before 0 is what runs when the scenario
   * starts, so each component starts in the steady state of its first rate. Durations, and an SFU
   * room's participants, are uniform in the workload's ranges. Each component draws from its own
   * stream, so adding a component leaves the others' work unchanged.
   */
  public static List<Work> generate(Scenario scenario) {
    List<Work> all = new ArrayList<>();
    long id = 0;
    for (Workload workload : scenario.workloads()) {
      // one stream per component: adding a component leaves the others' work unchanged
      SplittableRandom random =
          new SplittableRandom(scenario.seed() * 31 + workload.component().ordinal());
      RateProfile rate = workload.rate();
      double max = rate.max();
      if (max <= 0) {
        continue;
      }
      double t = -workload.maxDuration();
      while (true) {
        t += -Math.log(1 - random.nextDouble()) / max;
        if (t >= scenario.duration()) {
          break;
        }
        double here = rate.at(Math.max(0, t));
        boolean accepted = random.nextDouble() * max < here;
        double duration =
            workload.minDuration()
                + random.nextDouble() * (workload.maxDuration() - workload.minDuration());
        // drawn only for ranges of rooms, so that one-participant work keeps its stream
        int participants =
            workload.maxParticipants() > workload.minParticipants()
                ? random.nextInt(workload.minParticipants(), workload.maxParticipants() + 1)
                : workload.minParticipants();
        if (accepted) {
          all.add(
              new Work(
                  id++,
                  workload.component(),
                  t,
                  t + duration,
                  participants * workload.workCpu(),
                  participants));
        }
      }
    }
    all.sort(Comparator.comparingDouble(Work::start).thenComparingLong(Work::id));
    return List.copyOf(all);
  }
}
