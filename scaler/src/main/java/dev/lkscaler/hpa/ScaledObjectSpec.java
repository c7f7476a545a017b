package dev.lkscaler.hpa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a KEDA ScaledObject's spec that drive scaling, read from and written to the
 * ScaledObject's map form (as the API server holds it).
 *
 * @param pollingInterval seconds between KEDA's checks of activity
 * @param cooldownPeriod seconds after the last activity before scaling to 0
 */
public record ScaledObjectSpec(
    int minReplicaCount,
    int maxReplicaCount,
    int pollingInterval,
    int cooldownPeriod,
    Behavior behavior) {

  /** The spec map of a ScaledObject whose trigger calls lkscaler with the given policy. */
  public Map<String, Object> toSpec(String target, String scalerAddress, String policy) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("scaleTargetRef", Map.of("name", target));
    spec.put("pollingInterval", pollingInterval);
    spec.put("cooldownPeriod", cooldownPeriod);
    spec.put("minReplicaCount", minReplicaCount);
    spec.put("maxReplicaCount", maxReplicaCount);
    spec.put(
        "advanced",
        Map.of(
            "horizontalPodAutoscalerConfig",
            Map.of(
                "behavior",
                Map.of(
                    "scaleUp",
                    rules(behavior.scaleUp()),
                    "scaleDown",
                    rules(behavior.scaleDown())))));
    spec.put(
        "triggers",
        List.of(
            Map.of(
                "type", "external-push",
                "metricType", "AverageValue",
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
    return Map.of(
        "stabilizationWindowSeconds", rules.stabilizationWindowSeconds(),
        "selectPolicy", rules.selectPolicy().wire(),
        "policies", policies);
  }

  /**
   * Reads a ScaledObject's spec map, with KEDA's and the HPA's defaults for what it leaves out
   * (pollingInterval 30, cooldownPeriod 300, minReplicaCount 0, maxReplicaCount 100, Kubernetes'
   * default behavior per direction).
   */
  public static ScaledObjectSpec fromSpec(Map<String, Object> spec) {
    Behavior defaults = Behavior.kubernetesDefault();
    Map<String, Object> behavior =
        path(spec, "advanced", "horizontalPodAutoscalerConfig", "behavior");
    return new ScaledObjectSpec(
        integer(spec, "minReplicaCount", 0),
        integer(spec, "maxReplicaCount", 100),
        integer(spec, "pollingInterval", 30),
        integer(spec, "cooldownPeriod", 300),
        new Behavior(
            rules(behavior == null ? null : map(behavior.get("scaleUp")), defaults.scaleUp()),
            rules(behavior == null ? null : map(behavior.get("scaleDown")), defaults.scaleDown())));
  }

  private static ScalingRules rules(Map<String, Object> node, ScalingRules defaults) {
    if (node == null) {
      return defaults;
    }
    int window = integer(node, "stabilizationWindowSeconds", defaults.stabilizationWindowSeconds());
    ScalingRules.Select select =
        node.get("selectPolicy") instanceof String text
            ? ScalingRules.Select.fromWire(text)
            : ScalingRules.Select.MAX;
    List<ScalingPolicy> policies = new ArrayList<>();
    if (node.get("policies") instanceof List<?> list) {
      for (Object item : list) {
        Map<String, Object> policy = map(item);
        policies.add(
            new ScalingPolicy(
                ScalingPolicy.Type.fromWire(String.valueOf(policy.get("type"))),
                integer(policy, "value", 0),
                integer(policy, "periodSeconds", 0)));
      }
    } else {
      policies.addAll(defaults.policies());
    }
    return new ScalingRules(window, select, policies);
  }

  private static Map<String, Object> path(Map<String, Object> root, String... keys) {
    Map<String, Object> node = root;
    for (String key : keys) {
      node = node == null ? null : map(node.get(key));
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    if (node == null) {
      return null;
    }
    if (!(node instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("expected a mapping, found " + node);
    }
    return (Map<String, Object>) node;
  }

  private static int integer(Map<String, Object> node, String key, int defaultValue) {
    Object value = node.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
      return number.intValue();
    }
    throw new IllegalArgumentException(key + ": expected an integer, found " + value);
  }
}
