package dev.lkscaler.sim.fleet;

import static dev.lkscaler.testing.Exposition.gauge;
import static dev.lkscaler.testing.Exposition.labels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fleets' metrics in the Prometheus text format, with LiveKit's names and labels. Each series
 * carries the {@code namespace} and {@code pod} labels that Kubernetes service discovery would add.
 * Starting pods export nothing yet.
 */
public final class Exposition {
  private Exposition() {}

  /** Renders fleets by namespace. */
  public static String render(Map<String, Map<Component, PoolSnapshot>> fleets) {
    // label text -> value, per metric
    Map<String, Double> load = new LinkedHashMap<>();
    Map<String, Double> jobs = new LinkedHashMap<>();
    Map<String, Double> calls = new LinkedHashMap<>();
    Map<String, Double> available = new LinkedHashMap<>();
    Map<String, Double> requests = new LinkedHashMap<>();
    Map<String, Double> rooms = new LinkedHashMap<>();
    fleets.forEach(
        (namespace, pools) ->
            pools.forEach(
                (component, pool) -> {
                  for (PodView pod : pool.pods()) {
                    if (pod.phase() == Phase.STARTING) {
                      continue;
                    }
                    String name = pod.name();
                    String base = labels("namespace", namespace, "pod", name);
                    switch (component) {
                      case AGENTS -> {
                        String agent = base + "," + labels("nodename", name);
                        load.put(agent, pod.load());
                        jobs.put(agent, (double) pod.work());
                      }
                      case SIP ->
                          calls.put(
                              base + "," + labels("node_id", name, "dir", "in"),
                              (double) pod.work());
                      case EGRESS -> {
                        String egress = base + "," + labels("node_id", name, "cluster_id", "sim");
                        boolean idle = pod.phase() == Phase.READY && pod.work() == 0;
                        available.put(egress, idle ? 1.0 : 0.0);
                        requests.put(
                            egress + "," + labels("type", "room_composite"), (double) pod.work());
                      }
                    }
                  }
                  if (component == Component.AGENTS) {
                    // the SFU's rooms: one per agent session in progress, whether or not a worker
                    // took it
                    rooms.put(
                        labels("namespace", namespace, "node_id", "sfu-0", "node_type", "SERVER"),
                        (double) pool.offeredInProgress());
                  }
                }));
    StringBuilder out = new StringBuilder();
    gauge(out, "lk_agents_worker_load", "Worker load reported to the LiveKit server (0..1).", load);
    gauge(out, "lk_agents_active_job_count", "Jobs running on the worker.", jobs);
    gauge(out, "livekit_sip_calls_active", "Active SIP calls.", calls);
    gauge(
        out,
        "livekit_egress_available",
        "1 when the egress instance has no active request.",
        available);
    gauge(out, "livekit_egress_requests", "Active egress requests.", requests);
    gauge(out, "livekit_room_total", "Rooms on the SFU.", rooms);
    return out.toString();
  }
}
