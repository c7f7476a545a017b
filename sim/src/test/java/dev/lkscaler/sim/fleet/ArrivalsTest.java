package dev.lkscaler.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.sim.scenario.RateProfile;
import dev.lkscaler.sim.scenario.Scenario;
import dev.lkscaler.sim.scenario.Workload;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ArrivalsTest {
  private static Scenario scenario(long seed) {
    Workload agents =
        new Workload(
            Component.AGENTS,
            new RateProfile(
                List.of(
                    new RateProfile.Point(0, 1),
                    new RateProfile.Point(1000, 1),
                    new RateProfile.Point(2000, 3))),
            60,
            180,
            0.05,
            0,
            0,
            1,
            OptionalInt.empty(),
            OptionalInt.empty(),
            0,
            600,
            1,
            1);
    Workload egress =
        new Workload(
            Component.EGRESS,
            RateProfile.constant(0.5),
            100,
            200,
            0.8,
            1,
            0,
            1,
            OptionalInt.empty(),
            OptionalInt.empty(),
            0,
            600,
            1,
            1);
    return new Scenario("t", "", 3000, seed, List.of(agents, egress), Optional.empty());
  }

  @Test
  void theSameSeedGivesTheSameWorkAndAnotherSeedOtherWork() {
    assertThat(Arrivals.generate(scenario(7))).isEqualTo(Arrivals.generate(scenario(7)));
    assertThat(Arrivals.generate(scenario(8))).isNotEqualTo(Arrivals.generate(scenario(7)));
  }

  @Test
  void poissonCountsFollowTheRateAndDurationsStayInRange() {
    List<Work> work = Arrivals.generate(scenario(7));
    List<Work> agents = work.stream().filter(w -> w.component() == Component.AGENTS).toList();
    // expected: 1/s over [-180, 1000), the ramp to 3/s over [1000, 2000), 3/s to 3000: 1180 + 2000
    // + 3000;
    // each bound is 4 sigma of its Poisson count
    long firstSecondHalf = agents.stream().filter(w -> w.start() < 1000).count();
    assertThat(firstSecondHalf).isBetween(1180L - 140, 1180L + 140);
    assertThat((long) agents.size()).isBetween(6180L - 315, 6180L + 315);
    long lastThird = agents.stream().filter(w -> w.start() >= 2000).count();
    assertThat(lastThird).isBetween(3000L - 220, 3000L + 220);
    assertThat(agents)
        .allSatisfy(
            w -> {
              assertThat(w.duration()).isBetween(60.0, 180.0);
              assertThat(w.cpu()).isEqualTo(0.05);
            });
    assertThat(work).isSortedAccordingTo(java.util.Comparator.comparingDouble(Work::start));
    // the warm-up: each component from one longest duration before 0 (egress's 200 s, agents' 180
    // s)
    assertThat(work.get(0).start()).isBetween(-200.0, -180.0);
    assertThat(agents.get(0).start()).isBetween(-180.0, -170.0);
    assertThat(work.get(work.size() - 1).start()).isLessThan(3000);
  }

  @Test
  void addingAComponentLeavesTheOthersWorkUnchanged() {
    Scenario both = scenario(7);
    Scenario agentsOnly =
        new Scenario("t", "", 3000, 7, List.of(both.workloads().get(0)), Optional.empty());
    List<List<Double>> fromBoth =
        Arrivals.generate(both).stream()
            .filter(w -> w.component() == Component.AGENTS)
            .map(w -> List.of(w.start(), w.end()))
            .toList();
    List<Work> fromOne = Arrivals.generate(agentsOnly);
    assertThat(fromBoth).isEqualTo(fromOne.stream().map(w -> List.of(w.start(), w.end())).toList());
  }

  @Test
  void sfuRoomsDrawTheirParticipantsInTheRangeAndNeedTheirCpu() {
    Workload sfu =
        new Workload(
            Component.SFU,
            RateProfile.constant(0.5),
            60,
            120,
            0.02,
            0,
            0.05,
            1,
            OptionalInt.empty(),
            OptionalInt.empty(),
            0,
            18000,
            2,
            10);
    List<Work> rooms =
        Arrivals.generate(new Scenario("t", "", 3000, 7, List.of(sfu), Optional.empty()));

    assertThat(rooms)
        .allSatisfy(
            room -> {
              assertThat(room.participants()).isBetween(2, 10);
              assertThat(room.cpu()).isEqualTo(room.participants() * 0.02);
            });
    assertThat(rooms.stream().map(Work::participants).distinct()).hasSize(9);
    // uniform on 2..10: a mean of 6, within 4 sigma over about 1500 rooms
    assertThat(rooms.stream().mapToInt(Work::participants).average().orElseThrow())
        .isBetween(6 - 0.27, 6 + 0.27);
  }
}
