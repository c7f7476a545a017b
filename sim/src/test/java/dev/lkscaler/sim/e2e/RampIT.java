package dev.lkscaler.sim.e2e;

import static dev.lkscaler.sim.loop.ClosedLoop.BASELINE;
import static dev.lkscaler.sim.loop.ClosedLoop.LKSCALER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.fleet.Counters;
import dev.lkscaler.sim.fleet.Pool;
import dev.lkscaler.sim.loop.RunResult;
import dev.lkscaler.sim.loop.Sample;
import dev.lkscaler.sim.loop.ScaleAction;
import dev.lkscaler.sim.report.SummaryJson;
import dev.lkscaler.sim.scenario.Workload;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The ramp scenario end to end; every figure comes from the simulator's own counters and samples.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RampIT {
  /** One run serves every test: the ramp takes 105 s. */
  private RunResult run;

  @BeforeAll
  void runTheRamp() throws Exception {
    run = SimRuns.completed("ramp");
  }

  @Test
  void keepsAgentWorkersOutOfTroubleAsLoadRisesAndFalls() {
    Workload agents = run.scenario().workload(Component.AGENTS).orElseThrow();
    double rise = agents.rate().riseStart().orElseThrow();
    List<Sample> samples = run.samples(LKSCALER, Component.AGENTS);

    // it scales up before the offered load outgrows what the starting workers carry below 0.7
    double outgrown =
        samples.stream()
            .filter(s -> s.offered() >= agents.initialReplicas() * Pool.AGENT_LOAD_THRESHOLD)
            .mapToDouble(Sample::t)
            .min()
            .orElseThrow();
    List<ScaleAction> actions = run.actions(LKSCALER, Component.AGENTS);
    double firstUp =
        actions.stream()
            .filter(a -> a.t() >= rise && a.to() > a.from())
            .mapToDouble(ScaleAction::t)
            .min()
            .orElseThrow();
    assertThat(firstUp).as("first scale-up after the rise at %.0f s", rise).isLessThan(outgrown);

    // fewer rejected jobs than the CPU HPA, and at most 0.5 % of the jobs offered (issue 9)
    Counters lk = run.counters(LKSCALER, Component.AGENTS);
    Counters base = run.counters(BASELINE, Component.AGENTS);
    assertThat(lk.offered()).isEqualTo(base.offered()).isPositive();
    assertThat(lk.rejected()).isLessThan(base.rejected());
    assertThat((double) lk.rejected()).isLessThanOrEqualTo(0.005 * lk.offered());

    // it scales back down after the ramp ...
    int peak = samples.stream().mapToInt(Sample::desired).max().orElseThrow();
    double peakAt =
        samples.stream()
            .filter(s -> s.desired() == peak)
            .mapToDouble(Sample::t)
            .min()
            .orElseThrow();
    assertThat(actions)
        .anySatisfy(
            a -> {
              assertThat(a.t()).isGreaterThan(peakAt);
              assertThat(a.to()).isLessThan(a.from());
            });
    assertThat(samples.get(samples.size() - 1).desired()).isLessThan(peak);
    // ... and the drains end with their work, within the grace period: nothing is lost
    assertThat(lk.drainsStarted()).isPositive();
    assertThat(lk.drainsTimedOut()).isZero();
    assertThat(lk.longestDrain()).isLessThan(agents.gracePeriod());
    assertThat(lk.lost()).isZero();
  }

  /** Issue 9's targets for the other fleets of the ramp that hold on its seed. */
  @Test
  void sipEgressAndSfuMeetTheirTargets() {
    // SIP: no call rejected, on about the CPU HPA's pods: 0.87-0.96x on seeds 1-3 in the matrix,
    // 1.03x once in CI, where the real-time loop shares 2 cores with the rest of the suite
    Counters sip = run.counters(LKSCALER, Component.SIP);
    assertThat(sip.rejected()).isZero();
    assertThat(sip.podSeconds())
        .isLessThanOrEqualTo(1.10 * run.counters(BASELINE, Component.SIP).podSeconds());
    // egress: at most a third of the CPU HPA's rejected recordings
    Counters egress = run.counters(LKSCALER, Component.EGRESS);
    Counters egressBase = run.counters(BASELINE, Component.EGRESS);
    assertThat(egress.offered()).isEqualTo(egressBase.offered()).isPositive();
    assertThat(3 * egress.rejected()).isLessThanOrEqualTo(egressBase.rejected());
    // SFU: participant-seconds on nodes at 0.9 CPU or more, at most a third of the CPU HPA's and
    // at most 1 % of all
    SummaryJson.Media sfu = SimRuns.figures(run, LKSCALER, Component.SFU).media().orElseThrow();
    SummaryJson.Media sfuBase = SimRuns.figures(run, BASELINE, Component.SFU).media().orElseThrow();
    assertThat(sfu.participantSeconds()).isPositive();
    assertThat(3 * sfu.overloadedParticipantSeconds())
        .isLessThanOrEqualTo(sfuBase.overloadedParticipantSeconds());
    assertThat(sfu.overloadedShare()).isLessThanOrEqualTo(0.01);
    for (Component component : run.scenario().components()) {
      assertThat(run.counters(LKSCALER, component).lost()).as(component.id()).isZero();
    }
  }
}
