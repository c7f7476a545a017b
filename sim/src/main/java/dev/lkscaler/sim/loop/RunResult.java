package dev.lkscaler.sim.loop;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.fleet.Counters;
import dev.lkscaler.sim.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one run of a scenario recorded, for each fleet: lkscaler's ({@link
 * ClosedLoop#LKSCALER}), the CPU-HPA baseline ({@link ClosedLoop#BASELINE}) and, in samples and
 * counters, the oracle ({@link ClosedLoop#ORACLE}), computed from the same offered work.
 *
 * @param policy the shipped policy that lkscaler's policy for the run was rendered from
 * @param endedAt the simulated time the run stopped at
 * @param completed false when the run was stopped before the scenario's end
 */
public record RunResult(
    Scenario scenario,
    SimPolicy policy,
    double timeScale,
    double endedAt,
    boolean completed,
    Map<String, Map<Component, List<Sample>>> samples,
    Map<String, Map<Component, Counters>> counters,
    List<Answer> answers,
    List<ScaleAction> actions,
    Optional<OutageResult> outage,
    Path workDir) {

  public List<Sample> samples(String fleet, Component component) {
    return samples.getOrDefault(fleet, Map.of()).getOrDefault(component, List.of());
  }

  public Counters counters(String fleet, Component component) {
    return counters.get(fleet).get(component);
  }

  public List<ScaleAction> actions(String fleet, Component component) {
    return actions.stream()
        .filter(a -> a.fleet().equals(fleet) && a.component() == component)
        .toList();
  }
}
