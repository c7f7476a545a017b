package dev.lkscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.testing.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard: valid JSON, datasource variables, the panels it promises, valid PromQL.
 */
class DeployDashboardTest {
  @TempDir Path dir;

  static JsonNode dashboard() throws Exception {
    return JsonMapper.builder().build().readTree(DeployFiles.read("monitoring/dashboard.json"));
  }

  private static List<JsonNode> panels() throws Exception {
    List<JsonNode> panels = new ArrayList<>();
    dashboard().get("panels").forEach(panels::add);
    return panels;
  }

  private static List<JsonNode> targets(String datasourceType) throws Exception {
    List<JsonNode> targets = new ArrayList<>();
    for (JsonNode panel : panels()) {
      panel
          .get("targets")
          .forEach(
              t -> {
                if (t.get("datasource").get("type").asString().equals(datasourceType)) {
                  targets.add(t);
                }
              });
    }
    return targets;
  }

  /** The PromQL of every Prometheus panel query, and of the query variables. */
  static List<String> prometheusExpressions() throws Exception {
    List<String> expressions =
        targets("prometheus").stream()
            .map(t -> t.get("expr").asString())
            .collect(Collectors.toList());
    for (JsonNode variable : dashboard().get("templating").get("list")) {
      if (variable.get("type").asString().equals("query")) {
        // label_values(<selector>, <label>): the selector is PromQL, the label is not.
        String query = variable.get("query").get("query").asString();
        assertThat(query).startsWith("label_values(");
        expressions.add(query.substring("label_values(".length(), query.lastIndexOf(',')));
      }
    }
    return expressions;
  }

  @Test
  void hasPrometheusAndLokiDatasourceVariablesThatEveryQueryUses() throws Exception {
    JsonNode dashboard = dashboard();
    assertThat(dashboard.get("uid").asString()).isEqualTo("lkscaler");
    Map<String, String> datasources = new java.util.HashMap<>();
    for (JsonNode variable : dashboard.get("templating").get("list")) {
      if (variable.get("type").asString().equals("datasource")) {
        datasources.put(variable.get("query").asString(), variable.get("name").asString());
      }
    }
    assertThat(datasources).isEqualTo(Map.of("prometheus", "datasource", "loki", "loki"));
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.get("targets")) {
        JsonNode datasource = target.get("datasource");
        String type = datasource.get("type").asString();
        assertThat(datasource.get("uid").asString())
            .as(panel.get("title").asString())
            .isEqualTo("${" + datasources.get(type) + "}");
      }
    }
  }

  @Test
  void panelsHaveUniqueIdsAndDoNotOverlap() throws Exception {
    Set<Integer> ids = new HashSet<>();
    Set<String> cells = new HashSet<>();
    for (JsonNode panel : panels()) {
      assertThat(ids.add(panel.get("id").asInt())).as("id of %s", panel.get("title")).isTrue();
      JsonNode grid = panel.get("gridPos");
      for (int x = grid.get("x").asInt(); x < grid.get("x").asInt() + grid.get("w").asInt(); x++) {
        for (int y = grid.get("y").asInt();
            y < grid.get("y").asInt() + grid.get("h").asInt();
            y++) {
          assertThat(cells.add(x + "," + y))
              .as("%s overlaps at %d,%d", panel.get("title"), x, y)
              .isTrue();
        }
      }
      assertThat(grid.get("x").asInt() + grid.get("w").asInt()).isLessThanOrEqualTo(24);
    }
  }

  @Test
  void showsLoadAgainstThresholdsReplicasQueryHealthGrpcAndReloads() throws Exception {
    Set<String> used = new HashSet<>();
    prometheusExpressions().forEach(e -> used.addAll(PromQl.metricNames(e)));
    assertThat(used)
        .contains(
            "lkscaler_signal_input",
            "lkscaler_policy_threshold",
            "lk_agents_worker_load",
            "lkscaler_desired_replicas",
            "lkscaler_target_replicas",
            "lkscaler_policy_replicas",
            "lkscaler_prometheus_requests_total",
            "lkscaler_prometheus_request_duration_seconds_bucket",
            "lkscaler_grpc_requests_total",
            "lkscaler_policy_reload_total");
  }

  @Test
  void aLokiLogsPanelShowsTheDecisionReasons() throws Exception {
    JsonNode logs =
        panels().stream()
            .filter(p -> p.get("type").asString().equals("logs"))
            .findFirst()
            .orElseThrow();
    assertThat(logs.get("datasource").get("type").asString()).isEqualTo("loki");
    String logQl = logs.get("targets").get(0).get("expr").asString();
    // The stream selector uses only labels the log shipper sets; reason is parsed from the line.
    assertThat(logQl)
        .startsWith("{app=\"lkscaler\"} | json ")
        .contains("reason=\"reason\"", "| reason != \"\"");
    assertThat(DeployMonitoringTest.alloyLabels()).contains("app");
  }

  @Test
  void anAutoscalingValidationRowShowsWhatItsAlertsReadAndATableOfDecisions() throws Exception {
    List<JsonNode> panels = panels();
    JsonNode row =
        panels.stream()
            .filter(p -> p.get("type").asString().equals("row"))
            .findFirst()
            .orElseThrow();
    assertThat(row.get("title").asString()).isEqualTo("Autoscaling validation");
    int top = row.get("gridPos").get("y").asInt();
    Set<String> below = new HashSet<>();
    JsonNode table = null;
    for (JsonNode panel : panels) {
      if (panel.get("gridPos").get("y").asInt() > top) {
        panel
            .get("targets")
            .forEach(t -> below.addAll(PromQl.metricNames(t.get("expr").asString())));
        if (panel.get("type").asString().equals("table")) {
          table = panel;
        }
      }
    }
    // the three validation alerts' own inputs
    assertThat(below)
        .contains(
            "lkscaler_out_of_service_pods",
            "lkscaler:target_spec_replicas",
            "lkscaler:desired_replicas:direction");
    assertThat(table).as("a decisions table").isNotNull();
    assertThat(table.get("datasource").get("type").asString()).isEqualTo("loki");
    assertThat(table.get("targets").get(0).get("expr").asString())
        .startsWith("{app=\"lkscaler\"} | json ")
        .contains("reason=\"reason\"", "| reason != \"\"");
  }

  @Test
  void promtoolParsesEveryPanelQuery() throws Exception {
    // Each expression becomes a recording rule, with Grafana's variables given plain values.
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    List<String> expressions = prometheusExpressions();
    for (int i = 0; i < expressions.size(); i++) {
      String expr =
          expressions
              .get(i)
              .replace("$__rate_interval", "1m")
              .replace("$namespace", ".*")
              .replace("$policy", ".*");
      rules
          .append("      - record: dashboard:expr_")
          .append(i)
          .append('\n')
          .append("        expr: ")
          .append(JsonMapper.builder().build().writeValueAsString(expr))
          .append('\n');
    }
    Files.writeString(dir.resolve("dashboard-rules.yaml"), rules);
    Promtool.Result result = Promtool.run(dir, "check", "rules", "dashboard-rules.yaml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: " + expressions.size() + " rules found");
  }
}
