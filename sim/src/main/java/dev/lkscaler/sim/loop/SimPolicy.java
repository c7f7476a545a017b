package dev.lkscaler.sim.loop;

import dev.lkscaler.policy.Durations;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.PolicyException;
import dev.lkscaler.policy.PolicyKeys;
import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.policy.Problem;
import dev.lkscaler.policy.Signal;
import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.scenario.Scenario;
import dev.lkscaler.sim.scenario.Workload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * lkscaler's policy file for a run: the shipped deploy/policy.yaml (the build puts it in the jar),
 * with its signals, thresholds and activation as they are, and only what the run must set of its
 * own: the Prometheus URL, a cache short enough for one-second scrapes, the scenario's bounds, the
 * calls one SIP pod of the scenario carries, and the queries' ranges in simulated time.
 */
public final class SimPolicy {
  /** One scrape interval: a query result is never older than the data Prometheus has. */
  public static final Duration CACHE_TTL = Duration.ofSeconds(1);

  /** Long enough to ride a short outage; the outage scenario outlasts it on purpose. */
  public static final Duration LAST_KNOWN_GOOD_FOR = Duration.ofSeconds(30);

  /** Where the jar holds deploy/policy.yaml. */
  static final String SHIPPED = "/deploy/policy.yaml";

  /**
   * What may be a range selector or a subquery: {@code [1m]}, {@code [5m:30s]}, {@code [5m:]}; it
   * is one when its parts are durations.
   */
  private static final Pattern RANGE = Pattern.compile("\\[(\\w+)(:(\\w*))?]");

  private final PolicySet shipped;

  private SimPolicy(PolicySet shipped) {
    this.shipped = shipped;
  }

  /** deploy/policy.yaml as the jar holds it. */
  public static SimPolicy shipped() {
    try (InputStream in = SimPolicy.class.getResourceAsStream(SHIPPED)) {
      if (in == null) {
        throw new IllegalStateException(SHIPPED + " is missing from the jar");
      }
      return new SimPolicy(
          PolicyParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (PolicyException e) {
      throw new IllegalStateException("deploy/policy.yaml: " + e.getMessage(), e);
    }
  }

  /** The component's policy in deploy/policy.yaml. */
  public Policy policy(Component component) {
    return shipped
        .policy(component.target())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "deploy/policy.yaml has no policy " + component.target()));
  }

  /** The component's first signal of this type in deploy/policy.yaml. */
  public <S extends Signal> S signal(Component component, Class<S> type) {
    return policy(component).signals().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "deploy/policy.yaml: "
                        + component.target()
                        + " has no "
                        + type.getSimpleName()));
  }

  public int minReplicas(Workload workload) {
    return workload.minReplicas().orElse(policy(workload.component()).minReplicas());
  }

  public int maxReplicas(Workload workload) {
    return workload.maxReplicas().orElse(policy(workload.component()).maxReplicas());
  }

  /**
   * lkscaler's policy for a run of the scenario.
   *
   * @param timeScale simulated seconds per real second, for the queries' ranges and the lookahead's
   *     times
   */
  public String render(URI prometheus, Scenario scenario, double timeScale) {
    StringBuilder out = new StringBuilder();
    out.append("prometheus: {url: '")
        .append(prometheus)
        .append("', timeout: ")
        .append(Durations.format(shipped.prometheus().timeout()))
        .append("}\n");
    out.append("cache: {ttl: ")
        .append(Durations.format(CACHE_TTL))
        .append(", lastKnownGoodFor: ")
        .append(Durations.format(LAST_KNOWN_GOOD_FOR))
        .append("}\n");
    out.append("policies:\n");
    for (Workload workload : scenario.workloads()) {
      Policy policy = policy(workload.component());
      out.append("  ").append(policy.name()).append(":\n");
      out.append("    minReplicas: ").append(minReplicas(workload)).append('\n');
      out.append("    maxReplicas: ").append(maxReplicas(workload)).append('\n');
      policy
          .activation()
          .ifPresent(
              activation ->
                  out.append("    activation: {query: ")
                      .append(quoted(simulated(activation.query().text(), timeScale)))
                      .append(", threshold: ")
                      .append(Problem.number(activation.threshold()))
                      .append("}\n"));
      out.append("    signals:\n");
      for (Signal signal : policy.signals()) {
        out.append("      - ").append(signal(signal, workload, timeScale)).append('\n');
      }
    }
    return out.toString();
  }

  private static String signal(Signal signal, Workload workload, double timeScale) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(PolicyKeys.SIGNAL_NAME.name(), signal.name());
    keys.put(PolicyKeys.SIGNAL_TYPE.name(), signal.type());
    keys.put(PolicyKeys.SIGNAL_QUERY.name(), quoted(simulated(signal.query().text(), timeScale)));
    if (signal instanceof Signal.Utilization utilization) {
      keys.put(PolicyKeys.SCALE_UP_AT.name(), Problem.number(utilization.scaleUpAt()));
      keys.put(PolicyKeys.OUT_OF_SERVICE_AT.name(), Problem.number(utilization.outOfServiceAt()));
      keys.put(PolicyKeys.MIN_AVAILABLE.name(), String.valueOf(utilization.minAvailable()));
      utilization
          .demand()
          .ifPresent(
              demand ->
                  keys.put(
                      PolicyKeys.DEMAND.name(),
                      "{wanted: "
                          + quoted(demand.wanted().text())
                          + ", served: "
                          + quoted(demand.served().text())
                          + ", perReplica: "
                          + Problem.number(demand.perReplica())
                          + "}"));
    } else if (signal instanceof Signal.Capacity capacity) {
      // the shipped figure is a placeholder to measure; the scenario says what its pods carry
      keys.put(PolicyKeys.CAPACITY_PER_REPLICA.name(), String.valueOf(workload.capacityPerPod()));
      keys.put(PolicyKeys.TARGET_UTILIZATION.name(), Problem.number(capacity.targetUtilization()));
    } else if (signal instanceof Signal.Headroom headroom) {
      keys.put(PolicyKeys.MIN_IDLE.name(), String.valueOf(headroom.minIdle()));
      // a rate is per real second, so the horizon it is multiplied by is real time too
      headroom
          .starts()
          .ifPresent(
              starts ->
                  keys.put(
                      PolicyKeys.STARTS.name(),
                      "{query: "
                          + quoted(simulated(starts.query().text(), timeScale))
                          + ", horizon: "
                          + scaled(starts.horizon(), timeScale)
                          + "}"));
    } else {
      throw new IllegalStateException("no rendering for a " + signal.type() + " signal");
    }
    keys.put(PolicyKeys.ON_EMPTY.name(), signal.onEmpty().key());
    // Prometheus' clock is real: the trend's times become simulated ones
    signal
        .lookahead()
        .ifPresent(
            lookahead ->
                keys.put(
                    PolicyKeys.LOOKAHEAD.name(),
                    "{window: "
                        + scaled(lookahead.window(), timeScale)
                        + ", horizon: "
                        + scaled(lookahead.horizon(), timeScale)
                        + ", step: "
                        + scaled(lookahead.step(), timeScale)
                        + "}"));
    return keys.entrySet().stream()
        .map(key -> key.getKey() + ": " + key.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }

  /**
   * The query with its ranges (and subquery steps) in simulated time. Prometheus runs on the real
   * clock, so the shipped {@code rate(...[1m])} would average ten simulated minutes at a time scale
   * of 10; it becomes {@code [6s]}, one simulated minute, as every other time of the run is scaled.
   */
  static String simulated(String query, double timeScale) {
    Matcher range = RANGE.matcher(query);
    StringBuilder out = new StringBuilder();
    while (range.find()) {
      Optional<String> window = scaled(range.group(1), timeScale);
      String step = range.group(3) == null ? "" : range.group(3);
      Optional<String> scaledStep = step.isEmpty() ? Optional.of("") : scaled(step, timeScale);
      String text =
          window.isPresent() && scaledStep.isPresent()
              ? "[" + window.get() + (range.group(2) == null ? "" : ":") + scaledStep.get() + "]"
              : range.group();
      range.appendReplacement(out, Matcher.quoteReplacement(text));
    }
    range.appendTail(out);
    return out.toString();
  }

  private static Optional<String> scaled(String duration, double timeScale) {
    return Durations.parse(duration).map(d -> scaled(d, timeScale));
  }

  private static String scaled(Duration duration, double timeScale) {
    return Durations.format(Duration.ofMillis(Math.round(duration.toMillis() / timeScale)));
  }

  private static String quoted(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
