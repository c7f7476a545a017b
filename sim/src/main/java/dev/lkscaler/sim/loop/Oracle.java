package dev.lkscaler.sim.loop;

import dev.lkscaler.policy.Problem;
import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.fleet.Counters;
import dev.lkscaler.sim.fleet.NodeSelector;
import dev.lkscaler.sim.fleet.Pool;
import dev.lkscaler.sim.fleet.Work;
import dev.lkscaler.sim.scenario.Scenario;
import dev.lkscaler.sim.scenario.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The third fleet of a run, with perfect foresight: at every instant exactly the pods that the work
 * in progress needs at the out-of-service point, ready when needed, so it rejects and loses
 * nothing. Computed from the run's list of offered work, without Prometheus or any scaler; it is
 * the floor the other fleets' pod-seconds are measured against. Pure.
 */
public final class Oracle {
  /** Whole pods: a share this close above a whole number is rounding, not another pod. */
  private static final double ROUNDING = 1e-9;

  /** Per component, its pods over time: a step function, one sample at each change. */
  private final Map<Component, List<Sample>> steps;

  /** Per component, its work: for the participant-seconds, which no pod count shows. */
  private final Map<Component, List<Work>> work;

  private Oracle(Map<Component, List<Sample>> steps, Map<Component, List<Work>> work) {
    this.steps = steps;
    this.work = work;
  }

  /**
   * The oracle of a scenario over its whole duration.
   *
   * @param arrivals the run's offered work, from {@link dev.lkscaler.sim.fleet.Arrivals#generate}
   * @throws IllegalArgumentException when a component's pods cannot carry any work
   */
  public static Oracle of(Scenario scenario, List<Work> arrivals) {
    Map<Component, List<Sample>> steps = new EnumMap<>(Component.class);
    Map<Component, List<Work>> work = new EnumMap<>(Component.class);
    for (Workload workload : scenario.workloads()) {
      List<Work> own =
          arrivals.stream().filter(w -> w.component() == workload.component()).toList();
      steps.put(workload.component(), sweep(workload, own, scenario.duration()));
      work.put(workload.component(), own);
    }
    return new Oracle(steps, work);
  }

  /**
   * The pods that carry this work in progress at the out-of-service point.
   *
   * @param cpu the CPU the work in progress adds to its pods (agents: jobs × jobCpu)
   * @param inProgress the pieces of work in progress
   * @throws IllegalArgumentException when the component's pods cannot carry any work
   */
  public static int podsNeeded(Workload workload, double cpu, int inProgress) {
    return need(workload, cpu, inProgress).pods();
  }

  /**
   * @param offered the offered load as the fleets' samples show it
   */
  private record Need(int pods, double offered) {}

  /** The one place that says what one of a component's pods carries. */
  private static Need need(Workload workload, double cpu, int inProgress) {
    return switch (workload.component()) {
      // a worker's load is idleCpu plus its jobs' CPU; at 0.7 it is out of service
      case AGENTS -> new Need(whole(cpu / room(workload, Pool.AGENT_LOAD_THRESHOLD)), cpu);
      case SIP -> new Need(whole(inProgress / (double) workload.capacityPerPod()), inProgress);
      case EGRESS -> new Need(inProgress, inProgress);
      // a node's CPU is idleCpu plus its participants'; past the node selector's limit it is full
      case SFU -> new Need(whole(cpu / room(workload, NodeSelector.LOAD_LIMIT)), cpu);
    };
  }

  /** The CPU a pod has for work below {@code limit}, after its idle CPU. */
  private static double room(Workload workload, double limit) {
    double room = limit - workload.idleCpu();
    if (!(room > 0)) {
      throw new IllegalArgumentException(
          workload.component().id()
              + ".idleCpu: expected a number below "
              + Problem.number(limit)
              + " (an idle pod at it takes no work, so no count of pods carries the work). Found: "
              + Problem.number(workload.idleCpu()));
    }
    return room;
  }

  /** The samples up to {@code until}: one at 0, one at each change, one at {@code until}. */
  public List<Sample> samples(Component component, double until) {
    List<Sample> all = steps(component);
    List<Sample> out = new ArrayList<>();
    for (Sample sample : all) {
      if (sample.t() > until) {
        break;
      }
      out.add(sample);
    }
    Sample last = out.get(out.size() - 1);
    if (last.t() < until) {
      out.add(at(last, until));
    }
    return List.copyOf(out);
  }

  /**
   * Offered work, pod-seconds, peak pods and participant-seconds (from 0, as the fleets count them)
   * up to {@code until}; nothing rejected, lost or overloaded.
   */
  public Counters counters(Component component, double until) {
    List<Sample> samples = samples(component, until);
    double podSeconds = 0;
    int peak = 0;
    for (int i = 0; i < samples.size(); i++) {
      Sample sample = samples.get(i);
      peak = Math.max(peak, sample.pods());
      if (i + 1 < samples.size()) {
        podSeconds += sample.pods() * (samples.get(i + 1).t() - sample.t());
      }
    }
    long offered = samples.get(samples.size() - 1).offeredTotal();
    double participantSeconds = 0;
    // as the fleets count them: the SFU's only
    for (Work w : component == Component.SFU ? work.get(component) : List.<Work>of()) {
      double from = Math.max(0, w.start());
      double to = Math.min(until, w.end());
      if (to > from) {
        participantSeconds += w.participants() * (to - from);
      }
    }
    return new Counters(offered, 0, 0, 0, 0, 0, 0, podSeconds, peak, participantSeconds, 0);
  }

  /** Every component's samples up to {@code until}, in the shape of the other fleets'. */
  public Map<Component, List<Sample>> samples(double until) {
    Map<Component, List<Sample>> out = new EnumMap<>(Component.class);
    steps.keySet().forEach(component -> out.put(component, samples(component, until)));
    return out;
  }

  /** Every component's counters up to {@code until}. */
  public Map<Component, Counters> counters(double until) {
    Map<Component, Counters> out = new EnumMap<>(Component.class);
    steps.keySet().forEach(component -> out.put(component, counters(component, until)));
    return out;
  }

  private List<Sample> steps(Component component) {
    List<Sample> found = steps.get(component);
    if (found == null) {
      throw new IllegalArgumentException("no " + component.id() + " in this oracle");
    }
    return found;
  }

  private record Change(double at, Work work, boolean starts) {}

  /**
   * Work in progress over time: each piece starts and ends where the arrivals say; work that
   * started before 0 (the warm-up) is in progress at 0 and counted offered only from 0, as the
   * fleets count it.
   */
  private static List<Sample> sweep(Workload workload, List<Work> work, double end) {
    List<Change> changes = new ArrayList<>();
    for (Work w : work) {
      changes.add(new Change(w.start(), w, true));
      changes.add(new Change(w.end(), w, false));
    }
    // at one instant, ends before starts: the work that ends frees its pod for the work that starts
    changes.sort(
        Comparator.comparingDouble(Change::at)
            .thenComparing(Change::starts)
            .thenComparingLong(c -> c.work().id()));
    List<Sample> samples = new ArrayList<>();
    double cpu = 0;
    int inProgress = 0;
    long offered = 0;
    int i = 0;
    while (i < changes.size() && changes.get(i).at() <= end) {
      // the warm-up's changes all count as one instant: 0
      double at = Math.max(0, changes.get(i).at());
      while (i < changes.size() && Math.max(0, changes.get(i).at()) == at) {
        Change change = changes.get(i++);
        int sign = change.starts() ? 1 : -1;
        cpu += sign * change.work().cpu();
        inProgress += sign;
        offered += change.starts() && change.at() >= 0 ? 1 : 0;
      }
      if (inProgress == 0) {
        cpu = 0; // no rounding residue without work
      }
      if (at > 0 && samples.isEmpty()) {
        samples.add(sample(workload, 0, 0, 0, 0));
      }
      samples.add(sample(workload, at, cpu, inProgress, offered));
    }
    if (samples.isEmpty()) {
      samples.add(sample(workload, 0, 0, 0, 0));
    }
    return List.copyOf(samples);
  }

  private static Sample sample(
      Workload workload, double t, double cpu, int inProgress, long offered) {
    Need need = need(workload, cpu, inProgress);
    // measure 0: the oracle has pods in number only, none to read a load from
    return new Sample(
        t, need.pods(), need.pods(), need.pods(), 0, 0, 0, 0, need.offered(), offered, 0, 0);
  }

  private static Sample at(Sample last, double t) {
    return new Sample(
        t,
        last.desired(),
        last.pods(),
        last.ready(),
        last.starting(),
        last.draining(),
        last.outOfService(),
        last.measure(),
        last.offered(),
        last.offeredTotal(),
        last.rejected(),
        last.lost());
  }

  private static int whole(double pods) {
    return (int) Math.ceil(pods - ROUNDING);
  }
}
