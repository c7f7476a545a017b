package dev.lkscaler.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExpositionTest {
  private static final Counters NONE = new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0);

  private static PoolSnapshot pool(
      Component component, int desired, double offered, int inProgress, PodView... pods) {
    return new PoolSnapshot(component, 10, desired, List.of(pods), offered, inProgress, NONE);
  }

  @Test
  void livekitNamesAndLabelsWithNamespaceAndPodAndNothingFromStartingPods() {
    PoolSnapshot agents =
        pool(
            Component.AGENTS,
            3,
            0.6,
            5,
            new PodView("agents-0", Phase.READY, 0.45, 3, 0.45),
            new PodView("agents-1", Phase.DRAINING, 0.1, 1, 0.1),
            new PodView("agents-2", Phase.STARTING, 0, 0, 0));
    PoolSnapshot sip =
        pool(Component.SIP, 1, 7, 7, new PodView("sip-0", Phase.READY, 0.35, 7, 0.4));
    PoolSnapshot egress =
        pool(
            Component.EGRESS,
            2,
            1,
            1,
            new PodView("egress-0", Phase.READY, 1, 1, 0.8),
            new PodView("egress-1", Phase.READY, 0, 0, 0.05));
    Map<String, Map<Component, PoolSnapshot>> fleets = new TreeMap<>();
    fleets.put(
        "livekit",
        new java.util.EnumMap<>(
            Map.of(Component.AGENTS, agents, Component.SIP, sip, Component.EGRESS, egress)));

    assertThat(Exposition.render(fleets))
        .isEqualTo(
            """
        # HELP lk_agents_worker_load Worker load reported to the LiveKit server (0..1).
        # TYPE lk_agents_worker_load gauge
        lk_agents_worker_load{namespace="livekit",pod="agents-0",nodename="agents-0"} 0.450000
        lk_agents_worker_load{namespace="livekit",pod="agents-1",nodename="agents-1"} 0.100000
        # HELP lk_agents_active_job_count Jobs running on the worker.
        # TYPE lk_agents_active_job_count gauge
        lk_agents_active_job_count{namespace="livekit",pod="agents-0",nodename="agents-0"} 3
        lk_agents_active_job_count{namespace="livekit",pod="agents-1",nodename="agents-1"} 1
        # HELP livekit_sip_calls_active Active SIP calls.
        # TYPE livekit_sip_calls_active gauge
        livekit_sip_calls_active{namespace="livekit",pod="sip-0",node_id="sip-0",dir="in"} 7
        # HELP livekit_egress_available 1 when the egress instance has no active request.
        # TYPE livekit_egress_available gauge
        livekit_egress_available{namespace="livekit",pod="egress-0",node_id="egress-0",cluster_id="sim"} 0
        livekit_egress_available{namespace="livekit",pod="egress-1",node_id="egress-1",cluster_id="sim"} 1
        # HELP livekit_egress_requests Active egress requests.
        # TYPE livekit_egress_requests gauge
        livekit_egress_requests{namespace="livekit",pod="egress-0",node_id="egress-0",cluster_id="sim",type="room_composite"} 1
        livekit_egress_requests{namespace="livekit",pod="egress-1",node_id="egress-1",cluster_id="sim",type="room_composite"} 0
        # HELP livekit_room_total Rooms on the SFU.
        # TYPE livekit_room_total gauge
        livekit_room_total{namespace="livekit",node_id="sfu-0",node_type="SERVER"} 5
        """);
  }
}
