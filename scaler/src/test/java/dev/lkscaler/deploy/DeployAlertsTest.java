package dev.lkscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.testing.Promtool;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PrometheusRule is the one source of the alerts: its spec.groups is written out as a plain
 * rules file, which promtool checks and runs the unit tests of alerts-test.yaml against.
 */
class DeployAlertsTest {
  /** The name alerts-test.yaml's rule_files expects beside it. */
  private static final String RULES_FILE = "lkscaler-rules.yaml";

  @TempDir Path dir;

  static GenericKubernetesResource prometheusRule() throws Exception {
    return DeployFiles.custom("monitoring/alerts.yaml", "PrometheusRule");
  }

  /** spec of the PrometheusRule, written as a rules file (JSON is YAML) in the given folder. */
  static Path writeRules(Path folder) throws Exception {
    Map<String, Object> spec = prometheusRule().get("spec");
    assertThat(spec).containsOnlyKeys("groups");
    Path rules = folder.resolve(RULES_FILE);
    Files.writeString(rules, JsonMapper.builder().build().writeValueAsString(spec));
    return rules;
  }

  /** How many recording rules there are beside the alerts. */
  static long recordCount() throws Exception {
    return recordingRules().size();
  }

  /** Every recording rule's expression, by the name it records. */
  static Map<String, String> recordingRules() throws Exception {
    Map<String, String> records = new java.util.LinkedHashMap<>();
    List<Map<String, Object>> groups = prometheusRule().get("spec", "groups");
    for (Map<String, Object> group : groups) {
      for (Map<String, Object> rule : DeployManifestsTest.maps(group.get("rules"))) {
        if (rule.containsKey("record")) {
          records.put((String) rule.get("record"), (String) rule.get("expr"));
        }
      }
    }
    return records;
  }

  /** Every alert expression of the rules, by alert name. */
  static Map<String, String> alertExpressions() throws Exception {
    Map<String, String> expressions = new java.util.LinkedHashMap<>();
    List<Map<String, Object>> groups = prometheusRule().get("spec", "groups");
    for (Map<String, Object> group : groups) {
      for (Map<String, Object> rule : DeployManifestsTest.maps(group.get("rules"))) {
        if (rule.containsKey("record")) {
          // a recording rule that alerts read: promtool runs it in the same tests
          continue;
        }
        assertThat(rule).as("a rule of group %s", group.get("name")).containsKey("alert");
        assertThat(expressions.put((String) rule.get("alert"), (String) rule.get("expr")))
            .as("alert %s defined twice", rule.get("alert"))
            .isNull();
      }
    }
    return expressions;
  }

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    writeRules(dir);
    Promtool.Result result = Promtool.run(dir, "check", "rules", RULES_FILE);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("SUCCESS: " + (alertExpressions().size() + recordCount()) + " rules found");
  }

  @Test
  void theUnitTestsPass() throws Exception {
    writeRules(dir);
    Files.copy(DeployFiles.path("monitoring/alerts-test.yaml"), dir.resolve("alerts-test.yaml"));
    Promtool.Result result = Promtool.run(dir, "test", "rules", "alerts-test.yaml");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void theUnitTestsCatchABrokenRule() throws Exception {
    // The same tests against rules whose every threshold moved by a little must fail.
    Path rules = writeRules(dir);
    Files.writeString(rules, Files.readString(rules).replace("> 0", "> 1").replace("== 0", "== 1"));
    Files.copy(DeployFiles.path("monitoring/alerts-test.yaml"), dir.resolve("alerts-test.yaml"));
    Promtool.Result result = Promtool.run(dir, "test", "rules", "alerts-test.yaml");
    assertThat(result.exitCode()).as(result.output()).isNotZero();
  }

  @Test
  void everyAlertHasACaseWhereItFiresAndOneWhereItStaysQuiet() throws Exception {
    Map<String, Object> tests = DeployFiles.yamlMap("monitoring/alerts-test.yaml");
    assertThat(tests.get("rule_files")).isEqualTo(List.of(RULES_FILE));
    Set<String> fires = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (Map<String, Object> test : DeployManifestsTest.maps(tests.get("tests"))) {
      for (Map<String, Object> check : DeployManifestsTest.maps(test.get("alert_rule_test"))) {
        boolean fired = !DeployManifestsTest.maps(check.get("exp_alerts")).isEmpty();
        (fired ? fires : quiet).add((String) check.get("alertname"));
      }
    }
    Set<String> alerts = new TreeSet<>(alertExpressions().keySet());
    assertThat(fires).as("alerts with a firing case").isEqualTo(alerts);
    assertThat(quiet).as("alerts with a quiet case").isEqualTo(alerts);
  }

  @Test
  void coversScalerHealthAutoscalingValidationAndLivekitCapacity() throws Exception {
    Set<String> alerts = new LinkedHashSet<>(alertExpressions().keySet());
    assertThat(alerts)
        .contains(
            "LkscalerDown",
            "LkscalerPrometheusQueriesFailing",
            "LkscalerServingLastKnownGood",
            "LkscalerDecisionsUnavailable",
            "LkscalerPolicyRejected",
            "LkscalerLoadAboveScalePointAtMax",
            "LkscalerLoadOutOfServiceAtMax",
            "LkscalerNotKeepingUp",
            "LkscalerDecisionNotApplied",
            "LkscalerDecisionsFlapping",
            "LivekitEgressNoIdlePod",
            "LivekitSipCallsNearCapacity");
    List<Map<String, Object>> groups = prometheusRule().get("spec", "groups");
    assertThat(groups)
        .extracting(g -> g.get("name"))
        .contains("CPU utilization alerts for autoscaling validation");
  }
}
