package dev.lkscaler.sim.loop;

import dev.lkscaler.hpa.HorizontalAutoscaler;
import dev.lkscaler.hpa.ReplicaCalculator;
import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.fleet.Phase;
import dev.lkscaler.sim.fleet.PodView;
import dev.lkscaler.sim.fleet.Pool;
import dev.lkscaler.sim.fleet.PoolSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What LiveKit's Helm chart runs today: a plain HPA on average CPU at 60 % that sets no behavior,
 * so Kubernetes runs it without one (the highest recommendation of the last 300 s, at most max(2 ×
 * current, 4)). It reads each pod's CPU as the metrics server would (ready pods report, starting
 * pods are unready, draining pods are gone) and sets the pool's replicas directly. It sees the
 * current CPU, without the metrics server's delay, which favours it.
 */
public final class CpuHpaBaseline {
  private final Component component;
  private final Pool pool;
  private final HorizontalAutoscaler hpa;

  public CpuHpaBaseline(Pool pool, int minReplicas, int maxReplicas) {
    this.component = pool.component();
    this.pool = pool;
    this.hpa = new HorizontalAutoscaler(Optional.empty(), Math.max(1, minReplicas), maxReplicas);
  }

  /**
   * One HPA sync at simulated time {@code now}, stamped with its nominal time {@code at}; returns
   * the action when it rescaled.
   */
  public Optional<ScaleAction> sync(double now, double at) {
    PoolSnapshot snapshot = pool.snapshot();
    List<Double> ready =
        snapshot.pods().stream().filter(p -> p.phase() == Phase.READY).map(PodView::cpu).toList();
    int unready = snapshot.count(Phase.STARTING);
    OptionalInt proposal =
        ReplicaCalculator.cpuUtilization(
            ready,
            unready,
            0,
            snapshot.desired(),
            Autoscaling.CPU_TARGET_PERCENT,
            hpa.tolerances());
    HorizontalAutoscaler.Result result = hpa.sync(at, snapshot.desired(), proposal);
    if (!result.rescaled()) {
      return Optional.empty();
    }
    pool.setDesired(result.replicas());
    return Optional.of(
        new ScaleAction(
            now,
            ClosedLoop.BASELINE,
            component,
            snapshot.desired(),
            result.replicas(),
            "cpu-hpa",
            result.reason()));
  }
}
