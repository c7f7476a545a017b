package dev.lkscaler.sim.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleets' metrics in the Prometheus text format, with LiveKit's names and labels. Each series
 * carries the {@code namespace} and {@code pod} labels that Kubernetes service discovery would add.
 * Starting pods export nothing yet.
 */
public final class Exposition {
  private Exposition() {}

  private record Series(String labels, double value) {}

  /** Renders fleets by namespace. */
  public static String render(Map<String, Map<Component, PoolSnapshot>> fleets) {
    List<Series> load = new ArrayList<>();
    List<Series> jobs = new ArrayList<>();
    List<Series> calls = new ArrayList<>();
    List<Series> available = new ArrayList<>();
    List<Series> requests = new ArrayList<>();
    List<Series> rooms = new ArrayList<>();
    fleets.forEach(
        (namespace, pools) ->
            pools.forEach(
                (component, pool) -> {
                  for (PodView pod : pool.pods()) {
                    if (pod.phase() == Phase.STARTING) {
                      continue;
                    }
                    String base = "namespace=\"" + namespace + "\",pod=\"" + pod.name() + "\"";
                    switch (component) {
                      case AGENTS -> {
                        String labels = base + ",nodename=\"" + pod.name() + "\"";
                        load.add(new Series(labels, pod.load()));
                        jobs.add(new Series(labels, pod.work()));
                      }
                      case SIP ->
                          calls.add(
                              new Series(
                                  base + ",node_id=\"" + pod.name() + "\",dir=\"in\"", pod.work()));
                      case EGRESS -> {
                        String labels = base + ",node_id=\"" + pod.name() + "\",cluster_id=\"sim\"";
                        boolean idle = pod.phase() == Phase.READY && pod.work() == 0;
                        available.add(new Series(labels, idle ? 1 : 0));
                        requests.add(new Series(labels + ",type=\"room_composite\"", pod.work()));
                      }
                    }
                  }
                  if (component == Component.AGENTS) {
                    // the SFU's rooms: one per agent session in progress, whether or not a worker
                    // took it
                    rooms.add(
                        new Series(
                            "namespace=\""
                                + namespace
                                + "\",node_id=\"sfu-0\",node_type=\"SERVER\"",
                            pool.offeredInProgress()));
                  }
                }));
    StringBuilder out = new StringBuilder();
    family(
        out, "lk_agents_worker_load", "Worker load reported to the LiveKit server (0..1).", load);
    family(out, "lk_agents_active_job_count", "Jobs running on the worker.", jobs);
    family(out, "livekit_sip_calls_active", "Active SIP calls.", calls);
    family(
        out,
        "livekit_egress_available",
        "1 when the egress instance has no active request.",
        available);
    family(out, "livekit_egress_requests", "Active egress requests.", requests);
    family(out, "livekit_room_total", "Rooms on the SFU.", rooms);
    return out.toString();
  }

  private static void family(StringBuilder out, String name, String help, List<Series> series) {
    if (series.isEmpty()) {
      return;
    }
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    for (Series s : series) {
      out.append(name)
          .append('{')
          .append(s.labels())
          .append("} ")
          .append(format(s.value()))
          .append('\n');
    }
  }

  private static String format(double value) {
    if (value == Math.rint(value)) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.6f", value);
  }
}
