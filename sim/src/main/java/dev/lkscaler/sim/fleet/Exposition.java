package dev.lkscaler.sim.fleet;

import static dev.lkscaler.testing.Exposition.counter;
import static dev.lkscaler.testing.Exposition.gauge;
import static dev.lkscaler.testing.Exposition.labels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fleets' metrics in the Prometheus text format, with LiveKit's names and labels, and for the
 * SFU the cAdvisor and kube-state-metrics series a cluster has. Each series carries the {@code
 * namespace} and {@code pod} labels that Kubernetes service discovery would add. Starting pods
 * export nothing yet, except their CPU request, which kube-state-metrics reads from the API.
 */
public final class Exposition {
  /** The SFU's container, as LiveKit's Helm chart names it. */
  public static final String SFU_CONTAINER = "livekit-server";

  /**
   * The CPU request of an SFU pod, in cores. Loads are shares of it; the shipped query divides it
   * out again.
   */
  public static final double SFU_CPU_REQUEST = 4;

  /** The Twirp method of a room composite recording, as livekit-server's API names it. */
  public static final String EGRESS_START = "StartRoomCompositeEgress";

  private Exposition() {}

  /**
   * Renders fleets by namespace.
   *
   * @param timeScale simulated seconds per real second: a counter of seconds counts real ones, as
   *     Prometheus' rate() divides by its own, real, time
   */
  public static String render(Map<String, Map<Component, PoolSnapshot>> fleets, double timeScale) {
    // label text -> value, per metric
    Map<String, Double> load = new LinkedHashMap<>();
    Map<String, Double> jobs = new LinkedHashMap<>();
    Map<String, Double> calls = new LinkedHashMap<>();
    Map<String, Double> available = new LinkedHashMap<>();
    Map<String, Double> requests = new LinkedHashMap<>();
    Map<String, Double> rooms = new LinkedHashMap<>();
    Map<String, Double> participants = new LinkedHashMap<>();
    Map<String, Double> cpuSeconds = new LinkedHashMap<>();
    Map<String, Double> cpuRequests = new LinkedHashMap<>();
    Map<String, Double> twirpRequests = new LinkedHashMap<>();
    fleets.forEach(
        (namespace, pools) ->
            pools.forEach(
                (component, pool) -> {
                  for (PodView pod : pool.pods()) {
                    String name = pod.name();
                    String base = labels("namespace", namespace, "pod", name);
                    String container = base + "," + labels("container", SFU_CONTAINER);
                    if (component == Component.SFU) {
                      cpuRequests.put(
                          container + "," + labels("resource", "cpu", "unit", "core"),
                          SFU_CPU_REQUEST);
                    }
                    if (pod.phase() == Phase.STARTING) {
                      continue;
                    }
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
                      case SFU -> {
                        cpuSeconds.put(container, SFU_CPU_REQUEST * pod.cpuSeconds() / timeScale);
                        String node = base + "," + labels("node_id", name, "node_type", "SERVER");
                        rooms.put(node, (double) pod.work());
                        participants.put(node, (double) pod.participants());
                      }
                    }
                  }
                  if (component == Component.EGRESS) {
                    // every StartEgress goes through livekit-server's Twirp API, which counts it
                    // by status: refused ones too, so the counter is the rate of new recordings
                    Counters counters = pool.counters();
                    String egressApi =
                        labels(
                            "namespace",
                            namespace,
                            "node_id",
                            "sfu-0",
                            "node_type",
                            "SERVER",
                            "service",
                            "Egress",
                            "method",
                            EGRESS_START);
                    twirpRequests.put(
                        egressApi + "," + labels("status", "200", "code", ""),
                        (double) (counters.offered() - counters.rejected()));
                    twirpRequests.put(
                        egressApi + "," + labels("status", "5xx", "code", "unavailable"),
                        (double) counters.rejected());
                  }
                  if (component == Component.AGENTS) {
                    // the rooms of the agent sessions: one per session in progress, whether or not
                    // a worker took it, on an SFU node of their own (not the simulated SFU's)
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
    gauge(out, "livekit_participant_total", "Participants on the SFU.", participants);
    counter(
        out,
        "container_cpu_usage_seconds_total",
        "Cumulative cpu time consumed in seconds.",
        cpuSeconds);
    counter(
        out,
        "livekit_node_twirp_request_status",
        "Twirp API requests by service, method, status family and error code.",
        twirpRequests);
    gauge(
        out,
        "kube_pod_container_resource_requests",
        "The number of requested request resource by a container.",
        cpuRequests);
    return out.toString();
  }
}
