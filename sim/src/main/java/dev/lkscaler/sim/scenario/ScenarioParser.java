package dev.lkscaler.sim.scenario;

import dev.lkscaler.policy.Bound;
import dev.lkscaler.policy.DocumentReader;
import dev.lkscaler.policy.Mapping;
import dev.lkscaler.policy.Node;
import dev.lkscaler.policy.ValueType;
import dev.lkscaler.sim.fleet.Component;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Reads a scenario file, reporting every error with its path, in the policy file's shape. Durations
 * are simulated time, written as Prometheus writes them ({@code 90s}, {@code 5m}); rates are
 * arrivals per simulated minute. Pure: no I/O.
 */
public final class ScenarioParser {
  static final List<String> ROOT_KEYS =
      List.of("components", "description", "duration", "prometheusOutage", "seed");
  static final List<String> OUTAGE_KEYS = List.of("at", "for");
  static final List<String> COMMON_KEYS =
      List.of(
          "duration",
          "gracePeriod",
          "idleCpu",
          "initialReplicas",
          "maxReplicas",
          "minReplicas",
          "perMinute",
          "startupDelay");
  static final List<String> RANGE_KEYS = List.of("max", "min");
  static final List<String> COMPONENT_KEYS = List.of("agents", "egress", "sfu", "sip");

  private static final ValueType<Duration> DURATION =
      ValueType.duration("a duration such as 90s or 5m");
  private static final Bound<Duration> POSITIVE = Bound.greaterThan(Duration.ZERO);

  private ScenarioParser() {}

  /**
   * Parses a scenario; {@code name} is what reports call it, usually the file name without .yaml.
   */
  public static Scenario parse(String name, String yaml) throws ScenarioException {
    DocumentReader reader = new DocumentReader();
    Optional<Scenario> scenario =
        reader.load(yaml, name).flatMap(root -> document(name, root, reader));
    if (reader.hasProblems()) {
      throw new ScenarioException(name, reader.problems());
    }
    return scenario.orElseThrow();
  }

  private static Optional<Scenario> document(String name, Node root, DocumentReader reader) {
    DocumentReader.Mark mark = reader.mark();
    Optional<Mapping> top = root.mapping(mapping(ROOT_KEYS), ROOT_KEYS);
    if (top.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> description = description(top.get());
    Optional<Duration> duration = DURATION.read(top.get().get("duration"), Bound.none());
    Optional<Long> seed = seed(top.get().get("seed").or(1));
    Node outageNode = top.get().get("prometheusOutage");
    Optional<Outage> outage = outageNode.isMissing() ? Optional.empty() : outage(outageNode);
    List<Workload> workloads = workloads(top.get().get("components"));
    return mark.ifClean(
        () ->
            new Scenario(
                name,
                description.orElseThrow(),
                seconds(duration.orElseThrow()),
                seed.orElseThrow(),
                workloads,
                outage));
  }

  /** Optional, but a string when written. */
  private static Optional<String> description(Mapping top) {
    Node node = top.get("description");
    if (node.value() instanceof String text) {
      return Optional.of(text.strip());
    }
    return top.has("description") ? node.invalid("a string") : Optional.of("");
  }

  private static Optional<Long> seed(Node node) {
    if (node.value() instanceof Long value) {
      return Optional.of(value);
    }
    if (node.value() instanceof Integer value) {
      return Optional.of(value.longValue());
    }
    return node.invalid("an integer");
  }

  private static Optional<Outage> outage(Node node) {
    return node.mapping(mapping(OUTAGE_KEYS), OUTAGE_KEYS)
        .flatMap(
            map -> {
              Optional<Duration> at = DURATION.read(map.get("at"), Bound.none());
              Optional<Duration> length = DURATION.read(map.get("for"), POSITIVE);
              return at.flatMap(a -> length.map(l -> new Outage(seconds(a), seconds(l))));
            });
  }

  private static List<Workload> workloads(Node node) {
    List<Workload> workloads = new ArrayList<>();
    node.mapping(mapping(COMPONENT_KEYS), COMPONENT_KEYS)
        .ifPresent(
            components -> {
              if (components.isEmpty()) {
                node.invalid("at least one of agents, sip, egress, sfu", "none");
              }
              for (Component component : Component.values()) {
                Node workload = components.get(component.id());
                if (!workload.isMissing()) {
                  workload(workload, component).ifPresent(workloads::add);
                }
              }
            });
    return workloads;
  }

  private static Optional<Workload> workload(Node node, Component component) {
    List<String> specificKeys =
        switch (component) {
          case AGENTS -> List.of("jobCpu");
          case SIP -> List.of("capacityPerPod");
          case EGRESS -> List.of("busyCpu");
          case SFU -> List.of("participantCpu", "participants");
        };
    List<String> keys =
        Stream.concat(COMMON_KEYS.stream(), specificKeys.stream()).sorted().toList();
    DocumentReader.Mark mark = node.mark();
    Optional<Mapping> found = node.mapping(mapping(keys), keys);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Mapping map = found.get();
    Optional<Integer> initial =
        ValueType.INTEGER.read(map.get("initialReplicas").or(1), Bound.atLeast(0));
    Optional<Integer> min = optionalInteger(map, "minReplicas", 0);
    Optional<Integer> max = optionalInteger(map, "maxReplicas", 1);
    if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
      map.get("maxReplicas")
          .invalid("an integer >= minReplicas (" + min.get() + ")", String.valueOf(max.get()));
    }
    Optional<Duration> startup = DURATION.read(map.get("startupDelay").or("0s"), Bound.none());
    Optional<Duration> grace = DURATION.read(map.get("gracePeriod"), Bound.none());
    Optional<Double> idleCpu = share(map.get("idleCpu").or(0), true);
    Optional<Range<Duration>> duration =
        range(map.get("duration"), DURATION, POSITIVE, "a duration >= duration.min");
    Optional<Double> workCpu =
        // the first specific key is the CPU of one piece of work (SIP has none)
        component == Component.SIP ? Optional.of(0.0) : share(map.get(specificKeys.get(0)), false);
    Optional<Integer> capacity =
        switch (component) {
          case AGENTS, SFU -> Optional.of(0);
          case SIP -> ValueType.INTEGER.read(map.get("capacityPerPod"), Bound.atLeast(1));
          case EGRESS -> Optional.of(1);
        };
    Optional<Range<Integer>> participants =
        component == Component.SFU
            ? range(
                map.get("participants"),
                ValueType.INTEGER,
                Bound.atLeast(1),
                "an integer >= participants.min")
            : Optional.of(new Range<>(1, 1));
    Optional<RateProfile> rate = rate(map.get("perMinute"));
    return mark.ifClean(
        () ->
            new Workload(
                component,
                rate.orElseThrow(),
                seconds(duration.orElseThrow().min()),
                seconds(duration.orElseThrow().max()),
                workCpu.orElseThrow(),
                capacity.orElseThrow(),
                idleCpu.orElseThrow(),
                initial.orElseThrow(),
                min.map(OptionalInt::of).orElse(OptionalInt.empty()),
                max.map(OptionalInt::of).orElse(OptionalInt.empty()),
                seconds(startup.orElseThrow()),
                seconds(grace.orElseThrow()),
                participants.orElseThrow().min(),
                participants.orElseThrow().max()));
  }

  /** A key that may be left out; written (even as null), it must be an integer >= atLeast. */
  private static Optional<Integer> optionalInteger(Mapping map, String key, int atLeast) {
    return map.has(key)
        ? ValueType.INTEGER.read(map.get(key), Bound.atLeast(atLeast))
        : Optional.empty();
  }

  private record Range<T>(T min, T max) {}

  /**
   * {min, max}: a job's duration, a room's participants; min within {@code bound}, max >= min, or
   * {@code maxExpected} says what it should be.
   */
  private static <T extends Comparable<? super T>> Optional<Range<T>> range(
      Node node, ValueType<T> type, Bound<T> bound, String maxExpected) {
    return node.mapping(mapping(RANGE_KEYS), RANGE_KEYS)
        .flatMap(
            range -> {
              Optional<T> min = type.read(range.get("min"), bound);
              Optional<T> max = type.read(range.get("max"), Bound.none());
              if (min.isPresent() && max.isPresent() && max.get().compareTo(min.get()) < 0) {
                return range.get("max").invalid(maxExpected);
              }
              return min.flatMap(low -> max.map(high -> new Range<>(low, high)));
            });
  }

  /** A share of one pod's CPU: in (0, 1], or [0, 1] when zero is allowed. */
  private static Optional<Double> share(Node node, boolean zeroAllowed) {
    Bound<Double> bound = zeroAllowed ? Bound.atLeast(0.0) : Bound.greaterThan(0.0);
    return ValueType.NUMBER.read(node, bound.atMost(1.0));
  }

  /** A list of [time, arrivals per minute] pairs in increasing time order. */
  private static Optional<RateProfile> rate(Node node) {
    String expected = "a list of [time, arrivals per minute] pairs in increasing time order";
    Optional<List<Node>> items = node.list(expected);
    if (items.isPresent() && items.get().isEmpty()) {
      return node.invalid(expected);
    }
    DocumentReader.Mark mark = node.mark();
    List<RateProfile.Point> points = new ArrayList<>();
    Optional<Duration> last = Optional.empty();
    for (Node item : items.orElse(List.of())) {
      Optional<List<Node>> pair = item.list("a pair [time, arrivals per minute]");
      if (pair.isPresent() && pair.get().size() != 2) {
        item.invalid("a pair [time, arrivals per minute]");
      }
      if (pair.isEmpty() || pair.get().size() != 2) {
        continue;
      }
      Node timeNode = pair.get().get(0);
      Optional<Duration> at = DURATION.read(timeNode, Bound.none());
      Optional<Double> perMinute = ValueType.NUMBER.read(pair.get().get(1), Bound.none());
      if (at.isPresent() && last.isPresent() && at.get().compareTo(last.get()) <= 0) {
        timeNode.invalid("a time after the previous point's");
      } else if (perMinute.isPresent() && perMinute.get() < 0) {
        pair.get().get(1).invalid("a rate >= 0");
      } else if (at.isPresent() && perMinute.isPresent()) {
        points.add(new RateProfile.Point(seconds(at.get()), perMinute.get() / 60.0));
        last = at;
      }
    }
    return mark.ifClean(() -> new RateProfile(points));
  }

  private static String mapping(List<String> keys) {
    return "a mapping with keys " + keys;
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
