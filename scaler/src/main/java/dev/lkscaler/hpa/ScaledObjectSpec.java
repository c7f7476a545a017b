package dev.lkscaler.hpa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The parts of a KEDA ScaledObject's spec that drive scaling, read from and written to the
 * ScaledObject's map form (as the API server holds it). One trigger.
 *
 * @param idleReplicaCount the count KEDA scales to when inactive, if set
 * @param pollingInterval seconds between KEDA's checks of activity
 * @param cooldownPeriod seconds after the last activity before scaling in
 * @param initialCooldownPeriod seconds after creation before a never-active target scales in
 * @param behavior advanced.horizontalPodAutoscalerConfig.behavior, with the API server's defaults
 *     for a direction it leaves out; empty when there is none, and KEDA's HPA then has none
 */
public record ScaledObjectSpec(
    int minReplicaCount,
    int maxReplicaCount,
    OptionalInt idleReplicaCount,
    int pollingInterval,
    int cooldownPeriod,
    int initialCooldownPeriod,
    Optional<Behavior> behavior,
    Trigger trigger,
    Optional<Fallback> fallback) {
  /**
   * The ScaledObject's trigger.
   *
   * @param type external (KEDA polls) or external-push (it also keeps StreamIsActive open)
   * @param metricType AverageValue (KEDA's default) or Value
   */
  public record Trigger(String type, String metricType) {
    public static final String EXTERNAL = "external";
    public static final String EXTERNAL_PUSH = "external-push";
    public static final String AVERAGE_VALUE = "AverageValue";

    public Trigger {
      if (!type.equals(EXTERNAL) && !type.equals(EXTERNAL_PUSH)) {
        throw new IllegalArgumentException(
            "triggers[0].type: expected external or external-push. Found: " + type);
      }
      if (!metricType.equals(AVERAGE_VALUE) && !metricType.equals("Value")) {
        throw new IllegalArgumentException(
            "triggers[0].metricType: expected AverageValue or Value. Found: " + metricType);
      }
    }

    public boolean push() {
      return type.equals(EXTERNAL_PUSH);
    }
  }

  /** The spec map of a ScaledObject whose trigger calls lkscaler with the given policy. */
  public Map<String, Object> toSpec(String target, String scalerAddress, String policy) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("scaleTargetRef", Map.of("name", target));
    spec.put("pollingInterval", pollingInterval);
    spec.put("initialCooldownPeriod", initialCooldownPeriod);
    spec.put("cooldownPeriod", cooldownPeriod);
    idleReplicaCount.ifPresent(idle -> spec.put("idleReplicaCount", idle));
    spec.put("minReplicaCount", minReplicaCount);
    spec.put("maxReplicaCount", maxReplicaCount);
    fallback.ifPresent(
        f ->
            spec.put(
                "fallback",
                Map.of(
                    "failureThreshold",
                    f.failureThreshold(),
                    "replicas",
                    f.replicas(),
                    "behavior",
                    f.mode().wire())));
    behavior.ifPresent(
        b ->
            spec.put(
                "advanced",
                Map.of(
                    "horizontalPodAutoscalerConfig",
                    Map.of(
                        "behavior",
                        Map.of(
                            "scaleUp", rules(b.scaleUp()), "scaleDown", rules(b.scaleDown()))))));
    spec.put(
        "triggers",
        List.of(
            Map.of(
                "type", trigger.type(),
                "metricType", trigger.metricType(),
                "metadata", Map.of("scalerAddress", scalerAddress, "policy", policy))));
    return spec;
  }

  private static Map<String, Object> rules(ScalingRules rules) {
    List<Map<String, Object>> policies = new ArrayList<>();
    for (ScalingPolicy policy : rules.policies()) {
      policies.add(
          Map.of(
              "type",
              policy.type().wire(),
              "value",
              policy.value(),
              "periodSeconds",
              policy.periodSeconds()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("stabilizationWindowSeconds", rules.stabilizationWindowSeconds());
    out.put("selectPolicy", rules.selectPolicy().wire());
    out.put("policies", policies);
    rules.tolerance().ifPresent(t -> out.put("tolerance", String.valueOf(t)));
    return out;
  }

  /**
   * Reads a ScaledObject's spec map, with KEDA's and the API server's defaults for what it leaves
   * out: pollingInterval 30, initialCooldownPeriod 0, cooldownPeriod 300, minReplicaCount 0,
   * maxReplicaCount 100, no idleReplicaCount, no fallback (its behavior static), metricType
   * AverageValue; no behavior, or the default rules for a direction a behavior leaves out.
   */
  public static ScaledObjectSpec fromSpec(Map<String, Object> spec) {
    Map<String, Object> behavior =
        path(spec, "advanced", "horizontalPodAutoscalerConfig", "behavior");
    Behavior defaults = Behavior.kubernetesDefault();
    Optional<Behavior> rules =
        behavior == null
            ? Optional.empty()
            : Optional.of(
                new Behavior(
                    rules(
                        map(behavior.get("scaleUp"), "behavior.scaleUp"),
                        "behavior.scaleUp",
                        defaults.scaleUp()),
                    rules(
                        map(behavior.get("scaleDown"), "behavior.scaleDown"),
                        "behavior.scaleDown",
                        defaults.scaleDown())));
    Map<String, Object> fallback = map(spec.get("fallback"), "fallback");
    return new ScaledObjectSpec(
        integer(spec, "minReplicaCount", 0),
        integer(spec, "maxReplicaCount", 100),
        spec.get("idleReplicaCount") == null
            ? OptionalInt.empty()
            : OptionalInt.of(integer(spec, "idleReplicaCount", 0)),
        integer(spec, "pollingInterval", 30),
        integer(spec, "cooldownPeriod", 300),
        integer(spec, "initialCooldownPeriod", 0),
        rules,
        trigger(spec.get("triggers")),
        fallback == null
            ? Optional.empty()
            : Optional.of(
                new Fallback(
                    required(fallback, "fallback", "failureThreshold"),
                    required(fallback, "fallback", "replicas"),
                    Fallback.Mode.fromWire(text(fallback, "fallback.behavior", "static")))));
  }

  private static Trigger trigger(Object node) {
    if (!(node instanceof List<?> triggers) || triggers.size() != 1) {
      throw new IllegalArgumentException(
          "triggers: expected a list of one trigger. Found: "
              + (node instanceof List<?> list ? list.size() + " triggers" : node));
    }
    Map<String, Object> trigger = map(triggers.get(0), "triggers[0]");
    return new Trigger(
        text(trigger, "triggers[0].type", null),
        text(trigger, "triggers[0].metricType", "AverageValue"));
  }

  private static ScalingRules rules(Map<String, Object> node, String at, ScalingRules defaults) {
    if (node == null) {
      return defaults;
    }
    int window = integer(node, "stabilizationWindowSeconds", defaults.stabilizationWindowSeconds());
    ScalingRules.Select select =
        ScalingRules.Select.fromWire(
            text(node, at + ".selectPolicy", defaults.selectPolicy().wire()));
    List<ScalingPolicy> policies = new ArrayList<>();
    if (node.get("policies") instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        Map<String, Object> policy = map(list.get(i), at + ".policies[" + i + "]");
        policies.add(
            new ScalingPolicy(
                ScalingPolicy.Type.fromWire(String.valueOf(policy.get("type"))),
                integer(policy, "value", 0),
                integer(policy, "periodSeconds", 0)));
      }
    } else {
      policies.addAll(defaults.policies());
    }
    return new ScalingRules(window, select, policies, tolerance(node.get("tolerance"), at));
  }

  /** A Quantity such as 0.05, "0.05" or "50m". */
  private static OptionalDouble tolerance(Object value, String at) {
    if (value == null) {
      return OptionalDouble.empty();
    }
    if (value instanceof Number number) {
      return OptionalDouble.of(number.doubleValue());
    }
    String text = String.valueOf(value).trim();
    try {
      return text.endsWith("m")
          ? OptionalDouble.of(Double.parseDouble(text.substring(0, text.length() - 1)) / 1000)
          : OptionalDouble.of(Double.parseDouble(text));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(at + ".tolerance: expected a quantity. Found: " + text);
    }
  }

  private static Map<String, Object> path(Map<String, Object> root, String... keys) {
    Map<String, Object> node = root;
    for (String key : keys) {
      node = node == null ? null : map(node.get(key), key);
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node, String at) {
    if (node == null) {
      return null;
    }
    if (!(node instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(at + ": expected a mapping. Found: " + node);
    }
    return (Map<String, Object>) node;
  }

  private static String text(Map<String, Object> node, String at, String defaultValue) {
    String key = at.substring(at.lastIndexOf('.') + 1);
    Object value = node.get(key);
    if (value == null && defaultValue != null) {
      return defaultValue;
    }
    if (!(value instanceof String text)) {
      throw new IllegalArgumentException(at + ": expected a string. Found: " + value);
    }
    return text;
  }

  private static int required(Map<String, Object> node, String at, String key) {
    if (node.get(key) == null) {
      throw new IllegalArgumentException(at + "." + key + ": expected an integer. Found: nothing");
    }
    return integer(node, key, 0);
  }

  private static int integer(Map<String, Object> node, String key, int defaultValue) {
    Object value = node.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
      return number.intValue();
    }
    throw new IllegalArgumentException(key + ": expected an integer. Found: " + value);
  }
}
