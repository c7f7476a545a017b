package dev.lkscaler.sim.fleet;

import dev.lkscaler.sim.scenario.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One component's pods in one fleet: a discrete-event simulation of a Deployment's pods and the
 * work they take. Not thread-safe: one thread drives it and publishes {@link PoolSnapshot}s.
 * Counters start at simulated time 0; work before it is the warm-up.
 */
public final class Pool {
  /** LiveKit's production load_threshold: a worker at or above it reports WS_FULL. */
  public static final double AGENT_LOAD_THRESHOLD = 0.7;

  /** An SFU node at or above this CPU degrades its participants' media. */
  public static final double MEDIA_DEGRADES_AT = 0.9;

  private enum EventKind {
    READY,
    WORK_END,
    DRAIN_DEADLINE,
    OFFER_END
  }

  private record Event(double at, long seq, EventKind kind, Pod pod, Work work) {}

  private final Workload workload;
  private final Component component;
  private final SplittableRandom random;
  private final List<Pod> pods = new ArrayList<>();
  private final PriorityQueue<Event> events =
      new PriorityQueue<>(Comparator.comparingDouble(Event::at).thenComparingLong(Event::seq));
  private long seq;
  private int nextOrdinal;
  private double now;
  private int desired;

  private double offeredLoad;
  private int offeredInProgress;
  private long offered;
  private long rejected;
  private long lost;
  private long drainsStarted;
  private long drainsCompleted;
  private long drainsTimedOut;
  private double longestDrain;
  private double podSeconds;
  private int peakPods;
  private double participantSeconds;
  private double overloadedParticipantSeconds;

  /** Starts with the workload's initial replicas, ready at {@code start}. */
  public Pool(Workload workload, long seed, double start) {
    this.workload = workload;
    this.component = workload.component();
    this.random = new SplittableRandom(seed * 17 + component.ordinal());
    this.now = start;
    this.desired = workload.initialReplicas();
    for (int i = 0; i < workload.initialReplicas(); i++) {
      pods.add(new Pod(component.target(), nextOrdinal++, start, start));
    }
    peakPods = start >= 0 ? pods.size() : 0;
  }

  public Component component() {
    return component;
  }

  public double now() {
    return now;
  }

  /** The replica count the Deployment asks for. */
  public int desired() {
    return desired;
  }

  /** Runs every event up to {@code t}: pods becoming ready, work ending, drains running out. */
  public void advanceTo(double t) {
    if (t < now) {
      throw new IllegalArgumentException("time goes forward: at " + now + ", asked for " + t);
    }
    while (!events.isEmpty() && events.peek().at() <= t) {
      Event event = events.poll();
      integrate(event.at());
      switch (event.kind()) {
        case READY -> {
          if (event.pod().phase == Phase.STARTING && pods.contains(event.pod())) {
            event.pod().phase = Phase.READY;
          }
        }
        case WORK_END -> finish(event.pod(), event.work());
        case DRAIN_DEADLINE -> cut(event.pod());
        case OFFER_END -> {
          offeredLoad -= event.work().cpu();
          offeredInProgress--;
        }
      }
    }
    integrate(t);
  }

  /** Offers work at its start time: a pod takes it, or it is rejected and counted. */
  public void offer(Work work) {
    if (work.component() != component) {
      throw new IllegalArgumentException(work + " is not " + component.id() + " work");
    }
    advanceTo(work.start());
    boolean counted = work.start() >= 0;
    offeredLoad += work.cpu();
    offeredInProgress++;
    schedule(work.end(), EventKind.OFFER_END, null, work);
    if (counted) {
      offered++;
    }
    Pod pod = choose();
    if (pod == null) {
      if (counted) {
        rejected++;
      }
      return;
    }
    pod.works.add(work);
    pod.cpuSum += work.cpu();
    pod.participants += work.participants();
    schedule(work.end(), EventKind.WORK_END, pod, work);
  }

  /** The Deployment's replica count changed: start pods, or delete some, which then drain. */
  public void setDesired(int replicas) {
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must be >= 0, found " + replicas);
    }
    desired = replicas;
    List<Pod> active = pods.stream().filter(p -> p.phase != Phase.DRAINING).toList();
    if (replicas > active.size()) {
      for (int i = active.size(); i < replicas; i++) {
        Pod pod = new Pod(component.target(), nextOrdinal++, now, now + workload.startupDelay());
        pods.add(pod);
        if (pod.phase == Phase.STARTING) {
          schedule(pod.readyAt, EventKind.READY, pod, null);
        }
      }
      if (now >= 0) {
        peakPods = Math.max(peakPods, pods.size());
      }
    } else if (replicas < active.size()) {
      // as a ReplicaSet picks: pods not ready first, then those ready for the shortest time
      List<Pod> victims = new ArrayList<>(active);
      victims.sort(
          Comparator.comparing((Pod p) -> p.phase == Phase.READY)
              .thenComparing(Comparator.comparingDouble((Pod p) -> p.readyAt).reversed())
              .thenComparing(Comparator.comparingInt((Pod p) -> p.ordinal).reversed()));
      for (Pod pod : victims.subList(0, active.size() - replicas)) {
        delete(pod);
      }
    }
  }

  private void delete(Pod pod) {
    if (pod.phase == Phase.STARTING) {
      pods.remove(pod);
      return;
    }
    pod.phase = Phase.DRAINING;
    pod.drainStart = now;
    if (now >= 0) {
      drainsStarted++;
    }
    if (pod.works.isEmpty()) {
      leave(pod, true);
    } else if (workload.gracePeriod() <= 0) {
      cut(pod);
    } else {
      schedule(now + workload.gracePeriod(), EventKind.DRAIN_DEADLINE, pod, null);
    }
  }

  private void finish(Pod pod, Work work) {
    if (!pod.works.remove(work)) {
      return; // its pod was cut at the grace period; counted as lost then
    }
    pod.cpuSum -= work.cpu();
    pod.participants -= work.participants();
    if (pod.works.isEmpty()) {
      pod.cpuSum = 0; // no rounding residue on an idle pod
      if (pod.phase == Phase.DRAINING) {
        leave(pod, true);
      }
    }
  }

  /** The grace period ran out: the pod is killed with whatever work it still has. */
  private void cut(Pod pod) {
    if (pod.phase != Phase.DRAINING || !pods.contains(pod)) {
      return;
    }
    if (now >= 0) {
      lost += pod.works.size();
    }
    pod.works.clear();
    pod.participants = 0;
    leave(pod, false);
  }

  private void leave(Pod pod, boolean completed) {
    pods.remove(pod);
    if (pod.drainStart >= 0) {
      if (completed) {
        drainsCompleted++;
      } else {
        drainsTimedOut++;
      }
      longestDrain = Math.max(longestDrain, now - pod.drainStart);
    }
  }

  /** Picks a pod for new work, or null: LiveKit's rules for each component. */
  private Pod choose() {
    if (component == Component.SFU) {
      return NodeSelector.choose(pods, p -> p.phase == Phase.READY, this::cpu).orElse(null);
    }
    List<Pod> candidates = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (Pod pod : pods) {
      if (pod.phase != Phase.READY) {
        continue;
      }
      switch (component) {
        case AGENTS -> {
          double load = agentLoad(pod);
          if (load < AGENT_LOAD_THRESHOLD) {
            candidates.add(pod);
            weights.add(1 - load);
          }
        }
        case SIP -> {
          int calls = pod.works.size();
          if (calls < workload.capacityPerPod()) {
            candidates.add(pod);
            weights.add(1 - calls / (double) workload.capacityPerPod());
          }
        }
        case EGRESS -> {
          if (pod.works.isEmpty()) {
            candidates.add(pod);
            weights.add(1.0);
          }
        }
        case SFU -> throw new IllegalStateException("the node selector places rooms");
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    double total = weights.stream().mapToDouble(Double::doubleValue).sum();
    double pick = random.nextDouble() * total;
    for (int i = 0; i < candidates.size(); i++) {
      pick -= weights.get(i);
      if (pick < 0) {
        return candidates.get(i);
      }
    }
    return candidates.get(candidates.size() - 1);
  }

  private double agentLoad(Pod pod) {
    return workload.idleCpu() + pod.cpuSum;
  }

  private double sipShare(Pod pod) {
    return pod.works.size() / (double) workload.capacityPerPod();
  }

  /** The pod's CPU over its request: what cAdvisor, the CPU HPA and LiveKit's selector see. */
  private double cpu(Pod pod) {
    return switch (component) {
      case AGENTS -> Math.min(1, agentLoad(pod));
      case SIP -> workload.idleCpu() + (1 - workload.idleCpu()) * sipShare(pod);
      case EGRESS -> pod.works.isEmpty() ? workload.idleCpu() : workload.workCpu();
      // no CPU limit (the chart sets none), so an overloaded node goes past its request
      case SFU -> workload.idleCpu() + pod.cpuSum;
    };
  }

  private PodView view(Pod pod) {
    double load =
        switch (component) {
          case AGENTS, SFU -> cpu(pod);
          case SIP -> sipShare(pod);
          case EGRESS -> pod.works.isEmpty() ? 0 : 1;
        };
    return new PodView(
        pod.name, pod.phase, load, pod.works.size(), cpu(pod), pod.participants, pod.cpuSeconds);
  }

  public PoolSnapshot snapshot() {
    return new PoolSnapshot(
        component,
        now,
        desired,
        pods.stream().map(this::view).toList(),
        component == Component.AGENTS || component == Component.SFU
            ? Math.max(0, offeredLoad)
            : offeredInProgress,
        offeredInProgress,
        new Counters(
            offered,
            rejected,
            lost,
            drainsStarted,
            drainsCompleted,
            drainsTimedOut,
            longestDrain,
            podSeconds,
            peakPods,
            participantSeconds,
            overloadedParticipantSeconds));
  }

  private void schedule(double at, EventKind kind, Pod pod, Work work) {
    events.add(new Event(at, seq++, kind, pod, work));
  }

  /**
   * Pod-seconds, and for the SFU its nodes' CPU (cAdvisor's counter) and participant-seconds. Loads
   * are constant between events, so each step's integral is exact.
   */
  private void integrate(double t) {
    double from = Math.max(now, 0);
    if (t > from) {
      podSeconds += pods.size() * (t - from);
      peakPods = Math.max(peakPods, pods.size());
    }
    if (component == Component.SFU) {
      for (Pod pod : pods) {
        if (pod.phase == Phase.STARTING) {
          continue;
        }
        double cpu = cpu(pod);
        pod.cpuSeconds += cpu * (t - now);
        if (t > from) {
          participantSeconds += pod.participants * (t - from);
          if (cpu >= MEDIA_DEGRADES_AT) {
            overloadedParticipantSeconds += pod.participants * (t - from);
          }
        }
      }
    }
    now = t;
  }
}
