package dev.lkscaler.sim.loop;

import dev.lkscaler.policy.Durations;
import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.scenario.Scenario;
import dev.lkscaler.sim.scenario.Workload;
import java.net.URI;
import java.time.Duration;

/**
 * lkscaler's policy file for a run: the signals of deploy/policy.yaml (agents utilization at
 * 0.5/0.7, SIP calls against the pods' capacity at 0.5, egress with 2 idle pods), the scenario's
 * bounds, and a cache short enough for one-second scrapes.
 */
public final class SimPolicy {
  /** One scrape interval: a query result is never older than the data Prometheus has. */
  public static final Duration CACHE_TTL = Duration.ofSeconds(1);

  /** Long enough to ride a short outage; the outage scenario outlasts it on purpose. */
  public static final Duration LAST_KNOWN_GOOD_FOR = Duration.ofSeconds(30);

  /** The headroom signal's idle egress pods, as in deploy/policy.yaml. */
  public static final int EGRESS_MIN_IDLE = 2;

  /** The utilization signal's scale point, as in deploy/policy.yaml. */
  public static final double AGENTS_SCALE_UP_AT = 0.5;

  /** The capacity signal's share of a pod to fill, as in deploy/policy.yaml. */
  public static final double SIP_TARGET_UTILIZATION = 0.5;

  private SimPolicy() {}

  public static int minReplicas(Workload workload) {
    return workload.minReplicas().orElse(Autoscaling.minReplicas(workload.component()));
  }

  public static int maxReplicas(Workload workload) {
    return workload.maxReplicas().orElse(Autoscaling.maxReplicas(workload.component()));
  }

  public static String render(URI prometheus, Scenario scenario) {
    StringBuilder out = new StringBuilder();
    out.append("prometheus: {url: '").append(prometheus).append("', timeout: 2s}\n");
    out.append("cache: {ttl: ")
        .append(Durations.format(CACHE_TTL))
        .append(", lastKnownGoodFor: ")
        .append(Durations.format(LAST_KNOWN_GOOD_FOR))
        .append("}\n");
    out.append("policies:\n");
    for (Workload workload : scenario.workloads()) {
      Component component = workload.component();
      out.append("  ").append(component.id()).append(":\n");
      out.append("    minReplicas: ").append(minReplicas(workload)).append('\n');
      out.append("    maxReplicas: ").append(maxReplicas(workload)).append('\n');
      String signal =
          switch (component) {
            case AGENTS -> {
              out.append(
                  "    activation: {query: 'sum(livekit_room_total{namespace=\"{{namespace}}\"})', threshold: 0}\n");
              yield "{name: load, type: utilization, query: 'lk_agents_worker_load{namespace=\"{{namespace}}\"}', scaleUpAt: "
                  + AGENTS_SCALE_UP_AT
                  + ", outOfServiceAt: 0.7, minAvailable: 1, onEmpty: hold}";
            }
            case SIP ->
                "{name: calls, type: capacity, query: 'sum(livekit_sip_calls_active{namespace=\"{{namespace}}\"})', "
                    + "capacityPerReplica: "
                    + workload.capacityPerPod()
                    + ", targetUtilization: "
                    + SIP_TARGET_UTILIZATION
                    + ", onEmpty: hold}";
            case EGRESS ->
                "{name: idle, type: headroom, query: 'livekit_egress_available{namespace=\"{{namespace}}\"}', "
                    + "minIdle: "
                    + EGRESS_MIN_IDLE
                    + ", onEmpty: hold}";
          };
      out.append("    signals:\n      - ").append(signal).append('\n');
    }
    return out.toString();
  }
}
