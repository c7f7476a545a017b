package dev.lkscaler.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExpositionTest {
  private static final Counters NONE = new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

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
            new PodView("agents-0", Phase.READY, 0.45, 3, 0.45, 3, 0),
            new PodView("agents-1", Phase.DRAINING, 0.1, 1, 0.1, 1, 0),
            new PodView("agents-2", Phase.STARTING, 0, 0, 0, 0, 0));
    PoolSnapshot sip =
        pool(Component.SIP, 1, 7, 7, new PodView("sip-0", Phase.READY, 0.35, 7, 0.4, 7, 0));
    // 9 recordings asked for so far, 2 of them refused
    PoolSnapshot egress =
        new PoolSnapshot(
            Component.EGRESS,
            10,
            2,
            List.of(
                new PodView("egress-0", Phase.READY, 1, 1, 0.8, 1, 0),
                new PodView("egress-1", Phase.READY, 0, 0, 0.05, 0, 0)),
            1,
            1,
            new Counters(9, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    Map<String, Map<Component, PoolSnapshot>> fleets = new TreeMap<>();
    fleets.put(
        "livekit",
        new java.util.EnumMap<>(
            Map.of(Component.AGENTS, agents, Component.SIP, sip, Component.EGRESS, egress)));

    assertThat(Exposition.render(fleets, 10))
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
        # HELP livekit_node_twirp_request_status Twirp API requests by service, method, status family and error code.
        # TYPE livekit_node_twirp_request_status counter
        livekit_node_twirp_request_status{namespace="livekit",node_id="sfu-0",node_type="SERVER",service="Egress",method="StartRoomCompositeEgress",status="200",code=""} 7
        livekit_node_twirp_request_status{namespace="livekit",node_id="sfu-0",node_type="SERVER",service="Egress",method="StartRoomCompositeEgress",status="5xx",code="unavailable"} 2
        """);
  }

  @Test
  void theSfuExportsCadvisorCpuAsACounterTheRequestAndLivekitRoomsAndParticipantsPerNode() {
    PoolSnapshot sfu =
        pool(
            Component.SFU,
            3,
            0.5,
            4,
            new PodView("livekit-server-0", Phase.READY, 0.45, 3, 0.45, 12, 25),
            new PodView("livekit-server-1", Phase.DRAINING, 0.15, 1, 0.15, 2, 7.5),
            new PodView("livekit-server-2", Phase.STARTING, 0, 0, 0, 0, 0));
    PoolSnapshot agents = pool(Component.AGENTS, 0, 0.3, 5);
    Map<String, Map<Component, PoolSnapshot>> fleets = new TreeMap<>();
    fleets.put(
        "livekit", new java.util.EnumMap<>(Map.of(Component.SFU, sfu, Component.AGENTS, agents)));

    // at a time scale of 10 the counter counts real seconds: 4 cores x 25 simulated s / 10
    assertThat(Exposition.render(fleets, 10))
        .isEqualTo(
            """
        # HELP livekit_room_total Rooms on the SFU.
        # TYPE livekit_room_total gauge
        livekit_room_total{namespace="livekit",node_id="sfu-0",node_type="SERVER"} 5
        livekit_room_total{namespace="livekit",pod="livekit-server-0",node_id="livekit-server-0",node_type="SERVER"} 3
        livekit_room_total{namespace="livekit",pod="livekit-server-1",node_id="livekit-server-1",node_type="SERVER"} 1
        # HELP livekit_participant_total Participants on the SFU.
        # TYPE livekit_participant_total gauge
        livekit_participant_total{namespace="livekit",pod="livekit-server-0",node_id="livekit-server-0",node_type="SERVER"} 12
        livekit_participant_total{namespace="livekit",pod="livekit-server-1",node_id="livekit-server-1",node_type="SERVER"} 2
        # HELP container_cpu_usage_seconds_total Cumulative cpu time consumed in seconds.
        # TYPE container_cpu_usage_seconds_total counter
        container_cpu_usage_seconds_total{namespace="livekit",pod="livekit-server-0",container="livekit-server"} 10
        container_cpu_usage_seconds_total{namespace="livekit",pod="livekit-server-1",container="livekit-server"} 3
        # HELP kube_pod_container_resource_requests The number of requested request resource by a container.
        # TYPE kube_pod_container_resource_requests gauge
        kube_pod_container_resource_requests{namespace="livekit",pod="livekit-server-0",container="livekit-server",resource="cpu",unit="core"} 4
        kube_pod_container_resource_requests{namespace="livekit",pod="livekit-server-1",container="livekit-server",resource="cpu",unit="core"} 4
        kube_pod_container_resource_requests{namespace="livekit",pod="livekit-server-2",container="livekit-server",resource="cpu",unit="core"} 4
        """);
  }

  /** What the shipped query computes: rate(counter) over real time / request is the node's CPU. */
  @Test
  void theCountersRateOverRealTimeOverTheRequestIsTheNodesCpu() {
    double timeScale = 10;
    Pool pool = new Pool(Workloads.sfu(1, 0, 100), 1, 0);
    pool.offer(new Work(1, Component.SFU, 1, 1000, 0.5, 10)); // 0.1 idle + 0.5: 0.6
    pool.advanceTo(100);
    double before = cpuCounter(pool, timeScale);
    pool.advanceTo(100 + 2 * timeScale); // two real seconds
    double after = cpuCounter(pool, timeScale);
    double request =
        dev.lkscaler.testing.Exposition.sum(
            render(pool, timeScale), "kube_pod_container_resource_requests", "resource", "cpu");

    assertThat((after - before) / 2 / request)
        .isCloseTo(0.6, org.assertj.core.api.Assertions.within(1e-6));
  }

  private static String render(Pool pool, double timeScale) {
    return Exposition.render(Map.of("livekit", Map.of(Component.SFU, pool.snapshot())), timeScale);
  }

  private static double cpuCounter(Pool pool, double timeScale) {
    return dev.lkscaler.testing.Exposition.sum(
        render(pool, timeScale), "container_cpu_usage_seconds_total", "pod", "livekit-server-0");
  }
}
