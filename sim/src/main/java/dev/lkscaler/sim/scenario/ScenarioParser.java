package dev.lkscaler.sim.scenario;

import dev.lkscaler.policy.Durations;
import dev.lkscaler.sim.fleet.Component;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a scenario file, reporting every error with its path. Durations are simulated time, written
 * as Prometheus writes them ({@code 90s}, {@code 5m}); rates are arrivals per simulated minute.
 * Pure: no I/O.
 */
public final class ScenarioParser {
  static final Set<String> ROOT_KEYS =
      Set.of("description", "duration", "seed", "prometheusOutage", "components");
  static final Set<String> OUTAGE_KEYS = Set.of("at", "for");
  static final Set<String> COMMON_KEYS =
      Set.of(
          "initialReplicas",
          "minReplicas",
          "maxReplicas",
          "startupDelay",
          "gracePeriod",
          "idleCpu",
          "duration",
          "perMinute");
  static final Set<String> RANGE_KEYS = Set.of("min", "max");

  private final List<String> errors = new ArrayList<>();

  private ScenarioParser() {}

  /**
   * Parses a scenario; {@code name} is what reports call it, usually the file name without .yaml.
   */
  public static Scenario parse(String name, String yaml) throws ScenarioException {
    return new ScenarioParser().document(name, yaml);
  }

  private Scenario document(String name, String yaml) throws ScenarioException {
    Object root;
    try {
      root =
          new Load(LoadSettings.builder().setAllowDuplicateKeys(false).setLabel(name).build())
              .loadFromString(yaml);
    } catch (YamlEngineException e) {
      throw new ScenarioException(
          name,
          List.of("(document): expected valid YAML, found " + e.getMessage().replace('\n', ' ')));
    }
    Map<String, Object> top = mapping("(document)", root, ROOT_KEYS);
    if (top == null) {
      throw new ScenarioException(name, errors);
    }
    String description = top.get("description") instanceof String text ? text.strip() : "";
    if (top.containsKey("description") && !(top.get("description") instanceof String)) {
      error("description", "a string", top.get("description"));
    }
    double duration = seconds("duration", top.get("duration"), null);
    long seed = 1;
    Object seedNode = top.get("seed");
    if (seedNode instanceof Long value) {
      seed = value;
    } else if (seedNode instanceof Integer value) {
      seed = value;
    } else if (seedNode != null) {
      error("seed", "an integer", seedNode);
    }
    Optional<Outage> outage = Optional.empty();
    if (top.get("prometheusOutage") != null) {
      Map<String, Object> map =
          mapping("prometheusOutage", top.get("prometheusOutage"), OUTAGE_KEYS);
      if (map != null) {
        double at = seconds("prometheusOutage.at", map.get("at"), null);
        double length = seconds("prometheusOutage.for", map.get("for"), null);
        if (at >= 0 && length > 0) {
          outage = Optional.of(new Outage(at, length));
        } else if (length == 0) {
          error("prometheusOutage.for", "a duration > 0s", map.get("for"));
        }
      }
    }
    List<Workload> workloads = new ArrayList<>();
    Set<String> componentKeys = Set.of("agents", "sip", "egress");
    Map<String, Object> components = mapping("components", top.get("components"), componentKeys);
    if (components != null) {
      if (components.isEmpty()) {
        error("components", "at least one of agents, sip, egress", "none");
      }
      for (Component component : Component.values()) {
        Object node = components.get(component.id());
        if (node != null) {
          Workload workload = workload("components." + component.id(), component, node);
          if (workload != null) {
            workloads.add(workload);
          }
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ScenarioException(name, errors);
    }
    return new Scenario(name, description, duration, seed, workloads, outage);
  }

  private Workload workload(String path, Component component, Object node) {
    String specificKey =
        switch (component) {
          case AGENTS -> "jobCpu";
          case SIP -> "capacityPerPod";
          case EGRESS -> "busyCpu";
        };
    Set<String> keys = new java.util.HashSet<>(COMMON_KEYS);
    keys.add(specificKey);
    Map<String, Object> map = mapping(path, node, keys);
    if (map == null) {
      return null;
    }
    int before = errors.size();
    int initial = integer(path + ".initialReplicas", map.get("initialReplicas"), 0, 1);
    OptionalInt min =
        map.containsKey("minReplicas")
            ? OptionalInt.of(integer(path + ".minReplicas", map.get("minReplicas"), 0, null))
            : OptionalInt.empty();
    OptionalInt max =
        map.containsKey("maxReplicas")
            ? OptionalInt.of(integer(path + ".maxReplicas", map.get("maxReplicas"), 1, null))
            : OptionalInt.empty();
    if (min.isPresent() && max.isPresent() && min.getAsInt() > max.getAsInt()) {
      error(
          path + ".maxReplicas",
          "an integer >= minReplicas (" + min.getAsInt() + ")",
          max.getAsInt());
    }
    double startup = seconds(path + ".startupDelay", map.get("startupDelay"), 0.0);
    double grace = seconds(path + ".gracePeriod", map.get("gracePeriod"), null);
    double idleCpu = fraction(path + ".idleCpu", map.get("idleCpu"), 0.0, true);
    double minDuration = -1;
    double maxDuration = -1;
    Map<String, Object> range = mapping(path + ".duration", map.get("duration"), RANGE_KEYS);
    if (range != null) {
      minDuration = seconds(path + ".duration.min", range.get("min"), null);
      maxDuration = seconds(path + ".duration.max", range.get("max"), null);
      if (minDuration == 0) {
        error(path + ".duration.min", "a duration > 0s", range.get("min"));
      } else if (minDuration > 0 && maxDuration >= 0 && maxDuration < minDuration) {
        error(path + ".duration.max", "a duration >= duration.min", range.get("max"));
      }
    }
    double workCpu = 0;
    int capacity = 0;
    switch (component) {
      case AGENTS -> workCpu = fraction(path + ".jobCpu", map.get("jobCpu"), null, false);
      case SIP -> capacity = integer(path + ".capacityPerPod", map.get("capacityPerPod"), 1, null);
      case EGRESS -> {
        workCpu = fraction(path + ".busyCpu", map.get("busyCpu"), null, false);
        capacity = 1;
      }
    }
    RateProfile rate = rate(path + ".perMinute", map.get("perMinute"));
    if (errors.size() > before || rate == null) {
      return null;
    }
    return new Workload(
        component,
        rate,
        minDuration,
        maxDuration,
        workCpu,
        capacity,
        idleCpu,
        initial,
        min,
        max,
        startup,
        grace);
  }

  /** A list of [time, arrivals per minute] pairs in increasing time order. */
  private RateProfile rate(String path, Object node) {
    String expected = "a list of [time, arrivals per minute] pairs in increasing time order";
    if (!(node instanceof List<?> list) || list.isEmpty()) {
      error(path, expected, node);
      return null;
    }
    List<RateProfile.Point> points = new ArrayList<>();
    double last = -1;
    for (int i = 0; i < list.size(); i++) {
      String itemPath = path + "[" + i + "]";
      if (!(list.get(i) instanceof List<?> pair) || pair.size() != 2) {
        error(itemPath, "a pair [time, arrivals per minute]", list.get(i));
        continue;
      }
      double at = seconds(itemPath + "[0]", pair.get(0), null);
      double perMinute = number(itemPath + "[1]", pair.get(1));
      if (at >= 0 && at <= last) {
        error(itemPath + "[0]", "a time after the previous point's", pair.get(0));
      } else if (perMinute < 0) {
        error(itemPath + "[1]", "a rate >= 0", pair.get(1));
      } else if (at >= 0) {
        points.add(new RateProfile.Point(at, perMinute / 60.0));
        last = at;
      }
    }
    return points.size() == list.size() ? new RateProfile(points) : null;
  }

  private Map<String, Object> mapping(String path, Object node, Set<String> keys) {
    if (!(node instanceof Map<?, ?> raw)) {
      error(path, "a mapping with keys " + new java.util.TreeSet<>(keys), node);
      return null;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : raw.entrySet()) {
      String key = String.valueOf(entry.getKey());
      if (!keys.contains(key)) {
        errors.add(
            (path.equals("(document)") ? key : path + "." + key)
                + ": unknown key; expected one of "
                + new java.util.TreeSet<>(keys));
      } else {
        map.put(key, entry.getValue());
      }
    }
    return map;
  }

  /**
   * Seconds of a duration; -1 after an error. A missing value takes the default, or is an error
   * without one.
   */
  private double seconds(String path, Object node, Double defaultValue) {
    if (node == null && defaultValue != null) {
      return defaultValue;
    }
    Optional<Duration> parsed =
        node instanceof String text ? Durations.parse(text) : Optional.empty();
    if (parsed.isEmpty()) {
      error(path, "a duration such as 90s or 5m", node);
      return -1;
    }
    return parsed.get().toMillis() / 1000.0;
  }

  private int integer(String path, Object node, int min, Integer defaultValue) {
    if (node == null && defaultValue != null) {
      return defaultValue;
    }
    if (node instanceof Integer value && value >= min) {
      return value;
    }
    error(path, "an integer >= " + min, node);
    return -1;
  }

  private double number(String path, Object node) {
    if (node instanceof Number value && Double.isFinite(value.doubleValue())) {
      return value.doubleValue();
    }
    error(path, "a number", node);
    return -1;
  }

  /** A share of one pod's CPU: in (0, 1], or [0, 1] when zero is allowed. */
  private double fraction(String path, Object node, Double defaultValue, boolean zeroAllowed) {
    if (node == null && defaultValue != null) {
      return defaultValue;
    }
    if (node instanceof Number value) {
      double v = value.doubleValue();
      if ((zeroAllowed ? v >= 0 : v > 0) && v <= 1) {
        return v;
      }
    }
    error(path, "a number in " + (zeroAllowed ? "[0, 1]" : "(0, 1]"), node);
    return -1;
  }

  private void error(String path, String expected, Object found) {
    String text =
        found == null
            ? "nothing"
            : found instanceof String s ? "\"" + s + "\"" : String.valueOf(found);
    errors.add(path + ": expected " + expected + ", found " + text);
  }
}
