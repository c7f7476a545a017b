package dev.lkscaler.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.sim.scenario.Workload;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pod lifecycle and work placement as state-transition tables. A script is a list of steps: {@code
 * o10+5} offers work at t=10 lasting 5 s ({@code o10+5x8}: an SFU room of 8 participants), {@code
 * d20=3} sets 3 replicas at t=20, {@code a30} runs to t=30. The state is every pod as
 * name:phase:work, then the counters.
 */
class PoolTest {
  private static final org.assertj.core.data.Offset<Double> EXACT =
      org.assertj.core.api.Assertions.within(1e-9);

  static Stream<Arguments> transitions() {
    return Stream.of(
        // agents: 0.1 per job, full at 0.7: the 8th job on one worker is refused
        Arguments.of(
            "a worker at 0.7 takes no job; with none below it the job is rejected",
            Workloads.agents(1, 0, 100),
            "o1+50 o1+50 o1+50 o1+50 o1+50 o1+50 o1+50 o1+50 a2",
            "agents-0:READY:7 | offered 8 rejected 1 lost 0 drains 0/0/0"),
        Arguments.of(
            "jobs end after their duration",
            Workloads.agents(1, 0, 100),
            "o1+5 o2+10 a6.5",
            "agents-0:READY:1 | offered 2 rejected 0 lost 0 drains 0/0/0"),
        Arguments.of(
            "a new pod takes no work before its start-up delay",
            Workloads.agents(0, 10, 100),
            "d0=1 o5+50 a9 o10+50 a11",
            "agents-0:READY:1 | offered 2 rejected 1 lost 0 drains 0/0/0"),
        Arguments.of(
            "scale-down removes a starting pod first, then the pod ready for the shortest time",
            Workloads.agents(2, 10, 100),
            "d5=4 a16 d16=5 d17=3",
            "agents-0:READY:0 | agents-1:READY:0 | agents-2:READY:0 | offered 0 rejected 0 lost 0 drains 1/1/0"),
        Arguments.of(
            "a draining pod takes no work and leaves when its work ends",
            Workloads.agents(1, 0, 100),
            "o1+20 d2=0 o3+5 a20.5 a21.5",
            "offered 2 rejected 1 lost 0 drains 1/1/0"),
        Arguments.of(
            "a draining pod still counts until its work ends",
            Workloads.agents(1, 0, 100),
            "o1+20 d2=0 a20",
            "agents-0:DRAINING:1 | offered 1 rejected 0 lost 0 drains 1/0/0"),
        Arguments.of(
            "the grace period cuts a drain; its work is lost",
            Workloads.agents(1, 0, 15),
            "o1+50 o1+50 d2=0 a17.5",
            "offered 2 rejected 0 lost 2 drains 1/0/1"),
        Arguments.of(
            "a deleted idle pod leaves at once",
            Workloads.agents(2, 0, 100),
            "d1=1",
            "agents-0:READY:0 | offered 0 rejected 0 lost 0 drains 1/1/0"),
        Arguments.of(
            "SIP: a call that finds no pod with room is rejected",
            Workloads.sip(2, 2),
            "o1+50 o1+50 o1+50 o1+50 o1+50 a2",
            "sip-0:READY:2 | sip-1:READY:2 | offered 5 rejected 1 lost 0 drains 0/0/0"),
        Arguments.of(
            "egress: each job takes one idle pod",
            Workloads.egress(2),
            "o1+50 o1+50 o1+50 a2",
            "egress-0:READY:1 | egress-1:READY:1 | offered 3 rejected 1 lost 0 drains 0/0/0"),
        // SFU: 0.1 idle + 0.05 per participant; the node selector's limit is 0.7
        Arguments.of(
            "SFU: a room goes to the least-loaded ready node",
            Workloads.sfu(3, 0, 100),
            "o1+50x4 o1+50x2 o1+50x1 o1+50x1",
            "livekit-server-0:READY:1 | livekit-server-1:READY:1 | livekit-server-2:READY:2"
                + " | offered 4 rejected 0 lost 0 drains 0/0/0"),
        Arguments.of(
            "SFU: with every node over the limit, rooms still go to the least loaded: none rejected",
            Workloads.sfu(2, 0, 100),
            "o1+50x12 o1+50x14 o1+50x20 o1+50x1",
            "livekit-server-0:READY:2 | livekit-server-1:READY:2"
                + " | offered 4 rejected 0 lost 0 drains 0/0/0"),
        Arguments.of(
            "SFU: a starting node takes no room; with no ready node the room is rejected",
            Workloads.sfu(0, 10, 100),
            "d0=1 o5+50x2 a10 o11+50x2",
            "livekit-server-0:READY:1 | offered 2 rejected 1 lost 0 drains 0/0/0"),
        Arguments.of(
            "SFU: a draining node takes no new room and keeps its rooms until they end",
            Workloads.sfu(2, 0, 18000),
            "o1+50x2 o1+9000x1 d2=1 o3+50x1 o4+50x1 a8000",
            "livekit-server-0:READY:0 | livekit-server-1:DRAINING:1"
                + " | offered 4 rejected 0 lost 0 drains 1/0/0"),
        Arguments.of(
            "SFU: the drain ends with the node's last room, hours later, with nothing lost",
            Workloads.sfu(2, 0, 18000),
            "o1+50x2 o1+9000x1 d2=1 a9002",
            "livekit-server-0:READY:0 | offered 2 rejected 0 lost 0 drains 1/1/0"),
        Arguments.of(
            "work before time 0 is warm-up: it runs but is not counted",
            Workloads.egress(1),
            "o-5+10 o-4+10 a1 o2+1 a6",
            "egress-0:READY:0 | offered 1 rejected 1 lost 0 drains 0/0/0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void transitions(String description, Workload workload, String script, String expected) {
    Pool pool = new Pool(workload, 1, -10);
    long id = 0;
    for (String step : script.split(" ")) {
      char op = step.charAt(0);
      String rest = step.substring(1);
      switch (op) {
        case 'o' -> {
          String[] parts = rest.split("[+x]");
          double start = Double.parseDouble(parts[0]);
          int participants = parts.length > 2 ? Integer.parseInt(parts[2]) : 1;
          pool.offer(
              new Work(
                  id++,
                  workload.component(),
                  start,
                  start + Double.parseDouble(parts[1]),
                  participants * workload.workCpu(),
                  participants));
        }
        case 'd' -> {
          String[] parts = rest.split("=");
          pool.advanceTo(Double.parseDouble(parts[0]));
          pool.setDesired(Integer.parseInt(parts[1]));
        }
        case 'a' -> pool.advanceTo(Double.parseDouble(rest));
        default -> throw new IllegalArgumentException(step);
      }
    }
    assertThat(render(pool.snapshot())).isEqualTo(expected);
  }

  private static String render(PoolSnapshot snapshot) {
    String pods =
        snapshot.pods().stream()
            .map(p -> p.name() + ":" + p.phase() + ":" + p.work())
            .collect(Collectors.joining(" | "));
    Counters c = snapshot.counters();
    String counters =
        String.format(
            Locale.ROOT,
            "offered %d rejected %d lost %d drains %d/%d/%d",
            c.offered(),
            c.rejected(),
            c.lost(),
            c.drainsStarted(),
            c.drainsCompleted(),
            c.drainsTimedOut());
    return pods.isEmpty() ? counters : pods + " | " + counters;
  }

  @Test
  void newWorkGoesToWorkersByWeightOneMinusLoad() {
    // one worker at 0.6 (weight 0.4) and one empty (weight 1): over many short jobs, the loaded one
    // takes 0.4 / 1.4 of them
    Pool pool = new Pool(Workloads.agents(1, 0, 100), 3, 0);
    for (int i = 0; i < 6; i++) {
      pool.offer(new Work(i, Component.AGENTS, 0, 1_000_000, 0.1));
    }
    pool.setDesired(2);
    pool.advanceTo(1);
    PoolSnapshot start = pool.snapshot();
    int trials = 20_000;
    int toFirst = 0;
    double t = 1;
    for (int i = 0; i < trials; i++) {
      pool.offer(new Work(100 + i, Component.AGENTS, t, t + 0.5, 0.1));
      PoolSnapshot during = pool.snapshot();
      if (during.pods().get(0).work() > start.pods().get(0).work()) {
        toFirst++;
      }
      t += 1;
      pool.advanceTo(t);
    }
    double firstLoad = start.pods().get(0).load();
    double secondLoad = start.pods().get(1).load();
    double expected = (1 - firstLoad) / ((1 - firstLoad) + (1 - secondLoad));
    // 4 sigma of a binomial share over 20 000 trials is about 0.014
    assertThat(firstLoad).isEqualTo(0.6, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(secondLoad).isZero();
    assertThat(toFirst / (double) trials).isBetween(expected - 0.013, expected + 0.013);
  }

  @Test
  void podSecondsCountEveryPodThatExistsIncludingStartingAndDraining() {
    Pool pool = new Pool(Workloads.agents(1, 10, 100), 1, 0);
    pool.offer(new Work(1, Component.AGENTS, 0, 30, 0.1));
    pool.advanceTo(5);
    pool.setDesired(2); // a second pod from 5, ready at 15
    pool.advanceTo(20);
    pool.setDesired(1); // the newest ready pod (idle) leaves at 20
    pool.advanceTo(25);
    pool.setDesired(0); // agents-0 drains until its job ends at 30
    pool.advanceTo(40);
    Counters counters = pool.snapshot().counters();
    assertThat(counters.podSeconds()).isEqualTo(30 + 15);
    assertThat(counters.peakPods()).isEqualTo(2);
    assertThat(counters.longestDrain()).isEqualTo(5);
  }

  @Test
  void participantSecondsOnNodesAtOrAbove09CountAsOverloaded() {
    // two nodes at 0.1 idle, 0.05 per participant
    Pool pool = new Pool(Workloads.sfu(2, 0, 100), 1, 0);
    pool.offer(new Work(1, Component.SFU, 1, 21, 0.5, 10)); // node 0: 0.6
    pool.offer(new Work(2, Component.SFU, 2, 12, 0.2, 4)); // node 1: 0.3
    pool.offer(new Work(3, Component.SFU, 3, 8, 0.4, 8)); // node 1: 0.7, at the limit
    pool.offer(new Work(4, Component.SFU, 4, 14, 0.3, 6)); // node 0: 0.9 from 4 to 14
    pool.advanceTo(30);
    Counters counters = pool.snapshot().counters();

    assertThat(counters.participantSeconds()).isCloseTo(10 * 20 + 4 * 10 + 8 * 5 + 6 * 10, EXACT);
    // only node 0 reached 0.9 (node 1's 0.7 did not), with 10 + 6 participants for 10 s
    assertThat(counters.overloadedParticipantSeconds()).isCloseTo(16 * 10, EXACT);
    assertThat(counters.rejected()).isZero();
  }

  @Test
  void theCpuCounterIntegratesEachNodesCpuWhileItRunsAndNotWhileItStarts() {
    Pool pool = new Pool(Workloads.sfu(1, 10, 100), 1, 0);
    pool.offer(new Work(1, Component.SFU, 2, 6, 0.5, 10)); // 0.6 from 2 to 6
    pool.advanceTo(5);
    pool.setDesired(2); // a second node from 5, ready at 15
    pool.advanceTo(20);
    List<PodView> pods = pool.snapshot().pods();

    assertThat(pods.get(0).cpuSeconds()).isCloseTo(0.1 * 2 + 0.6 * 4 + 0.1 * 14, EXACT);
    assertThat(pods.get(1).cpuSeconds()).isCloseTo(0.1 * 5, EXACT);
    assertThat(pods.get(0).cpu()).isCloseTo(0.1, EXACT);
    // no harm: no node reached 0.9
    assertThat(pool.snapshot().counters().overloadedParticipantSeconds()).isZero();
    assertThat(pool.snapshot().counters().participantSeconds()).isCloseTo(40, EXACT);
  }
}
