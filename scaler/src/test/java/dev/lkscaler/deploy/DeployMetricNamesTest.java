package dev.lkscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.metrics.ScalerMetrics;
import dev.lkscaler.policy.Activation;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.Signal;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dashboard, the alerts and the policy only use metrics that exist: lkscaler's own (as
 * registered, and as docs/metrics.md lists them), LiveKit's, and a few standard ones.
 */
class DeployMetricNamesTest {
  /** Prometheus' own, and the kube-state-metrics and cAdvisor names the SFU policy divides. */
  private static final Set<String> STANDARD =
      Set.of(
          "up",
          "container_cpu_usage_seconds_total",
          "kube_pod_container_resource_requests",
          // kube-state-metrics: the Deployment that KEDA's HPA scales
          "kube_deployment_spec_replicas",
          "kube_horizontalpodautoscaler_info");

  @ParameterizedTest
  @CsvSource(
      delimiterString = " -> ",
      value = {
        "up{job=~\".*lkscaler.*\"} == 0 -> up",
        "sum by (pod, result) (rate(lkscaler_prometheus_requests_total{result!~\"ok|empty\"}[5m])) > 0 -> lkscaler_prometheus_requests_total",
        "histogram_quantile(0.99, sum by (le) (rate(x_seconds_bucket[$__rate_interval]))) -> x_seconds_bucket",
        "a / on (policy) group_left max by (policy) (b{bound=\"max\"}) and on (x, y) c offset 15m -> a, b, c",
        "0.8 * max without (pod) (a) * scalar(max(b{t=\"capacityPerReplica\"})) > bool 1e3 -> a, b",
        "sum(lk_agents_worker_load{namespace=\"{{namespace}}\"}) or vector(0) -> lk_agents_worker_load",
        "label_replace(a, \"dst\", \"$1\", \"src\", \"(.*)\") -> a",
        "max_over_time(lkscaler_desird_replicas[10m:1m]) -> lkscaler_desird_replicas",
      })
  void findsTheMetricNamesOfAnExpression(String expression, String names) {
    assertThat(PromQl.metricNames(expression))
        .containsExactlyElementsOf(List.of(names.split(",\\s*")));
  }

  @Test
  void aMisspeltNameIsReported() throws Exception {
    assertThat(
            unknown(
                List.of("sum(rate(lkscaler_grpc_request_total[5m]))", "avg(lk_agent_worker_load)")))
        .containsExactly("lk_agent_worker_load", "lkscaler_grpc_request_total");
  }

  @Test
  void docsMetricsListsExactlyTheMetricsTheScalerRegisters() throws Exception {
    Matcher row =
        Pattern.compile("(?m)^\\| `(lkscaler_[a-z_]+)` \\|")
            .matcher(
                java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "metrics.md")));
    Set<String> documented = new TreeSet<>();
    while (row.find()) {
      documented.add(row.group(1));
    }
    Set<String> registered = new TreeSet<>();
    for (MetricSnapshot snapshot : registeredSnapshots()) {
      registered.add(
          snapshot.getMetadata().getPrometheusName()
              + (snapshot instanceof CounterSnapshot ? "_total" : ""));
    }
    assertThat(documented).isEqualTo(registered);
  }

  @Test
  void theDashboardUsesOnlyKnownMetrics() throws Exception {
    List<String> expressions = DeployDashboardTest.prometheusExpressions();
    assertThat(expressions).isNotEmpty();
    assertThat(unknown(expressions)).isEmpty();
  }

  @Test
  void theAlertsUseOnlyKnownMetrics() throws Exception {
    List<String> expressions = new ArrayList<>(DeployAlertsTest.alertExpressions().values());
    expressions.addAll(DeployAlertsTest.recordingRules().values());
    assertThat(unknown(expressions)).isEmpty();
  }

  @Test
  void thePolicyQueriesUseOnlyKnownMetrics() throws Exception {
    List<String> queries = new ArrayList<>();
    for (Policy policy : PolicyParser.parse(DeployFiles.read("policy.yaml")).policies().values()) {
      policy.signals().stream().map(Signal::query).forEach(q -> queries.add(q.text()));
      policy.activation().map(Activation::query).ifPresent(q -> queries.add(q.text()));
    }
    assertThat(queries).hasSize(6);
    assertThat(unknown(queries)).isEmpty();
  }

  /** The names in the expressions that no known metric has, sorted. */
  static Set<String> unknown(java.util.Collection<String> expressions) throws Exception {
    Set<String> known = known();
    Set<String> unknown = new TreeSet<>();
    expressions.forEach(
        e -> PromQl.metricNames(e).stream().filter(n -> !known.contains(n)).forEach(unknown::add));
    return unknown;
  }

  private static Set<String> known() throws Exception {
    Set<String> known = new TreeSet<>(STANDARD);
    // what the PrometheusRule records, for its alerts and the dashboard
    known.addAll(DeployAlertsTest.recordingRules().keySet());
    for (MetricSnapshot snapshot : registeredSnapshots()) {
      String name = snapshot.getMetadata().getPrometheusName();
      if (snapshot instanceof CounterSnapshot) {
        known.add(name + "_total");
      } else if (snapshot instanceof HistogramSnapshot) {
        known.addAll(List.of(name + "_bucket", name + "_sum", name + "_count"));
      } else {
        known.add(name);
      }
    }
    try (InputStream in = DeployMetricNamesTest.class.getResourceAsStream("livekit-metrics.txt")) {
      new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .forEach(known::add);
    }
    return known;
  }

  private static List<MetricSnapshot> registeredSnapshots() {
    PrometheusRegistry registry = new PrometheusRegistry();
    new ScalerMetrics(registry);
    List<MetricSnapshot> snapshots = new ArrayList<>();
    registry.scrape().forEach(snapshots::add);
    assertThat(
            snapshots.stream()
                .map(s -> s.getMetadata().getPrometheusName())
                .collect(Collectors.toList()))
        .as("ScalerMetrics registers its metrics")
        .contains("lkscaler_desired_replicas");
    return snapshots;
  }
}
