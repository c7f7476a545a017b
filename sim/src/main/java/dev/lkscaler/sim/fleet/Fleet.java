package dev.lkscaler.sim.fleet;

import dev.lkscaler.sim.scenario.Scenario;
import dev.lkscaler.sim.scenario.Workload;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated LiveKit fleet of one namespace: one {@link Pool} per component of the scenario, fed
 * from the shared list of offered work. Not thread-safe.
 */
public final class Fleet {
  private final String namespace;
  private final Map<Component, Pool> pools = new EnumMap<>(Component.class);
  private final List<Work> arrivals;
  private int next;

  /**
   * @param arrivals the run's offered work, from {@link Arrivals#generate}; the first may start
   *     before 0 (warm-up)
   * @param seed seeds the choice of pods for new work
   */
  public Fleet(String namespace, Scenario scenario, List<Work> arrivals, long seed) {
    this.namespace = namespace;
    this.arrivals = arrivals;
    double start = arrivals.isEmpty() ? 0 : Math.min(0, arrivals.get(0).start());
    for (Workload workload : scenario.workloads()) {
      pools.put(workload.component(), new Pool(workload, seed, start));
    }
  }

  public String namespace() {
    return namespace;
  }

  public Pool pool(Component component) {
    Pool pool = pools.get(component);
    if (pool == null) {
      throw new IllegalArgumentException("no " + component.id() + " in this fleet");
    }
    return pool;
  }

  /**
   * Offers every piece of work that starts by {@code t}, in order, then runs the pools to {@code
   * t}.
   */
  public void advanceTo(double t) {
    while (next < arrivals.size() && arrivals.get(next).start() <= t) {
      Work work = arrivals.get(next++);
      Pool pool = pools.get(work.component());
      if (pool != null) {
        pool.offer(work);
      }
    }
    for (Pool pool : pools.values()) {
      pool.advanceTo(t);
    }
  }

  public Map<Component, PoolSnapshot> snapshot() {
    Map<Component, PoolSnapshot> out = new EnumMap<>(Component.class);
    pools.forEach((component, pool) -> out.put(component, pool.snapshot()));
    return out;
  }
}
