package dev.lkscaler.sim.report;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.loop.ClosedLoop;
import dev.lkscaler.sim.loop.OutageResult;
import dev.lkscaler.sim.loop.RunResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * summary.json: a run's figures per fleet and component, for machines. The schema is documented in
 * docs/sim.md; every key is always written, with null where it does not apply. A change that
 * removes or renames a key, or changes its meaning, raises {@link #SCHEMA}. Pure but for Jackson.
 *
 * @param schema the schema's version, {@link #SCHEMA}
 * @param seed the seed the run used
 * @param duration the scenario's simulated seconds
 * @param endedAt the simulated time the run stopped at: the duration, unless stopped early
 * @param prometheusOutage when Prometheus was down; null without an outage
 * @param fleets lkscaler, cpu-hpa, oracle (in that order), each by component id
 */
public record SummaryJson(
    int schema,
    String scenario,
    long seed,
    String description,
    double duration,
    double endedAt,
    boolean completed,
    double timeScale,
    Optional<Outage> prometheusOutage,
    Map<String, Map<String, Figures>> fleets) {
  public static final int SCHEMA = 1;

  /** In simulated seconds. */
  public record Outage(double stoppedAt, double readyAt) {}

  /**
   * One fleet's outcome for one component.
   *
   * @param offered work offered from t=0 (agents: jobs; SIP: calls; egress: recordings)
   * @param rejected work no pod took (the oracle: 0)
   * @param rejectedShare rejected over offered, 0 without work offered
   * @param lost work lost to drains cut by the grace period (the oracle: 0)
   * @param podSeconds pods that existed (starting, ready, draining) integrated over simulated time
   * @param podSecondsVsOracle podSeconds over the oracle's; null when the oracle's are 0
   * @param peakPods the most pods at once
   * @param capacityReached whether the ready pods came to carry the run's peak offered load after
   *     the load's rise; null when the load does not rise
   * @param secondsToCapacity simulated seconds from the rise to that moment; null when it never
   *     came or the load does not rise
   * @param duringOutage what happened while Prometheus was down; null without an outage
   * @param media the SFU's harm; null for the other components
   */
  public record Figures(
      long offered,
      long rejected,
      double rejectedShare,
      long lost,
      double podSeconds,
      OptionalDouble podSecondsVsOracle,
      int peakPods,
      Optional<Boolean> capacityReached,
      OptionalDouble secondsToCapacity,
      Optional<DuringOutage> duringOutage,
      Optional<Media> media) {}

  /**
   * @param participantSeconds participants on ready nodes integrated over simulated time
   * @param overloadedParticipantSeconds those on nodes at or above 0.9 CPU, where media quality
   *     degrades
   * @param overloadedShare the second over the first, 0 without participants
   */
  public record Media(
      double participantSeconds, double overloadedParticipantSeconds, double overloadedShare) {}

  /**
   * @param scaleDowns times the Deployment was scaled down (lkscaler, cpu-hpa); null for the
   *     oracle, whose pods follow the work without a Deployment
   * @param zeroAnswers lkscaler's answers of 0 (a GetMetrics of 0 or an IsActive false); null for
   *     the other fleets, which ask lkscaler nothing
   */
  public record DuringOutage(OptionalLong scaleDowns, OptionalLong zeroAnswers) {}

  public SummaryJson {
    Map<String, Map<String, Figures>> copy = new LinkedHashMap<>();
    fleets.forEach((fleet, byComponent) -> copy.put(fleet, copyOf(byComponent)));
    fleets = Collections.unmodifiableMap(copy);
  }

  /** Keeps the order, which Map.copyOf would not. */
  private static Map<String, Figures> copyOf(Map<String, Figures> byComponent) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(byComponent));
  }

  public static SummaryJson of(RunResult run) {
    Summary summary = Summary.of(run);
    Optional<OutageResult> outage = run.outage();
    Map<String, Map<String, Figures>> fleets = new LinkedHashMap<>();
    for (String fleet : Summary.FLEETS) {
      Map<String, Figures> byComponent = new LinkedHashMap<>();
      for (Component component : run.scenario().components()) {
        ComponentSummary row = summary.row(fleet, component).orElseThrow();
        OptionalDouble toCapacity = row.timeToCapacity();
        boolean reached = toCapacity.isPresent() && !Double.isInfinite(toCapacity.getAsDouble());
        byComponent.put(
            component.id(),
            new Figures(
                row.offered(),
                row.rejected(),
                row.rejectedShare(),
                row.lost(),
                row.podSeconds(),
                summary.podSecondsRatio(fleet, ClosedLoop.ORACLE, component),
                row.peakPods(),
                toCapacity.isPresent() ? Optional.of(reached) : Optional.empty(),
                reached ? toCapacity : OptionalDouble.empty(),
                outage.map(o -> duringOutage(run, o, fleet, component)),
                component == Component.SFU
                    ? Optional.of(
                        new Media(
                            row.participantSeconds(),
                            row.overloadedParticipantSeconds(),
                            row.overloadedShare()))
                    : Optional.empty()));
      }
      fleets.put(fleet, byComponent);
    }
    return new SummaryJson(
        SCHEMA,
        run.scenario().name(),
        run.scenario().seed(),
        run.scenario().description(),
        run.scenario().duration(),
        run.endedAt(),
        run.completed(),
        run.timeScale(),
        outage.map(o -> new Outage(o.stoppedAt(), o.readyAt())),
        fleets);
  }

  private static DuringOutage duringOutage(
      RunResult run, OutageResult outage, String fleet, Component component) {
    OptionalLong scaleDowns =
        fleet.equals(ClosedLoop.ORACLE)
            ? OptionalLong.empty()
            : OptionalLong.of(OutageSummary.scaleDowns(run, outage, fleet, component));
    OptionalLong zeroAnswers =
        fleet.equals(ClosedLoop.LKSCALER)
            ? OptionalLong.of(OutageSummary.zeroAnswers(run, outage, component))
            : OptionalLong.empty();
    return new DuringOutage(scaleDowns, zeroAnswers);
  }

  /** One fleet's figures for one component. */
  public Figures figures(String fleet, String component) {
    Figures found = fleets.getOrDefault(fleet, Map.of()).get(component);
    if (found == null) {
      throw new IllegalArgumentException("no " + fleet + "/" + component + " in " + scenario);
    }
    return found;
  }

  public String render() {
    return mapper().writeValueAsString(this) + "\n";
  }

  public static SummaryJson read(String json) {
    return mapper().readValue(json, SummaryJson.class);
  }

  /** The mapper of the sim's JSON files: indented, keys in the records' order. */
  static ObjectMapper mapper() {
    return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  }
}
