package dev.lkscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.testing.Promtool;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Scrape configs, PodMonitors and the log shipper agree on targets and labels. */
class DeployMonitoringTest {
  /** Metrics port of each component, by its app.kubernetes.io/name. */
  private static final Map<String, Integer> PORTS =
      Map.of(
          "livekit-server",
          6789,
          "agents",
          9464,
          "sip",
          9091,
          "egress",
          9090,
          "ingress",
          7889,
          "lkscaler",
          8080);

  @TempDir Path dir;

  private static List<Map<String, Object>> scrapeConfigs() throws Exception {
    Map<String, Object> config = DeployFiles.yamlMap("monitoring/prometheus-scrape.yaml");
    assertThat(config).containsOnlyKeys("scrape_configs");
    return DeployManifestsTest.maps(config.get("scrape_configs"));
  }

  @Test
  void scrapeJobsKeepEachComponentsPortAndLabelSeriesWithNamespaceAndPod() throws Exception {
    Map<String, Integer> kept = new TreeMap<>();
    for (Map<String, Object> job : scrapeConfigs()) {
      String name = (String) job.get("job_name");
      assertThat(DeployManifestsTest.maps(job.get("kubernetes_sd_configs")))
          .as(name)
          .singleElement()
          .satisfies(sd -> assertThat(sd.get("role")).isEqualTo("pod"));
      List<Map<String, Object>> relabel = DeployManifestsTest.maps(job.get("relabel_configs"));
      Map<String, Object> keep = relabel.get(0);
      assertThat(keep.get("action")).as(name).isEqualTo("keep");
      assertThat(keep.get("source_labels"))
          .as(name)
          .isEqualTo(
              List.of(
                  "__meta_kubernetes_pod_label_app_kubernetes_io_name",
                  "__meta_kubernetes_pod_container_port_number"));
      String[] appAndPort = ((String) keep.get("regex")).split(";");
      kept.put(appAndPort[0], Integer.valueOf(appAndPort[1]));
      assertThat(relabel)
          .as(name)
          .anySatisfy(
              r -> {
                assertThat(r.get("source_labels"))
                    .isEqualTo(List.of("__meta_kubernetes_namespace"));
                assertThat(r.get("target_label")).isEqualTo("namespace");
              });
      assertThat(relabel)
          .as(name)
          .anySatisfy(
              r -> {
                assertThat(r.get("source_labels")).isEqualTo(List.of("__meta_kubernetes_pod_name"));
                assertThat(r.get("target_label")).isEqualTo("pod");
              });
      // lkscaler's series carry the ScaledObject's namespace, which must win over the pod's.
      assertThat(job.get("honor_labels"))
          .as(name)
          .isEqualTo(appAndPort[0].equals("lkscaler") ? true : null);
    }
    assertThat(kept).isEqualTo(new TreeMap<>(PORTS));
  }

  @Test
  void promtoolAcceptsTheScrapeConfigs() throws Exception {
    // Debian builds Prometheus without Kubernetes service discovery, so promtool would reject
    // kubernetes_sd_configs; everything else (relabelling, regexes, options) it checks.
    Map<String, Object> config = new LinkedHashMap<>();
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (Map<String, Object> job : scrapeConfigs()) {
      Map<String, Object> copy = new LinkedHashMap<>(job);
      assertThat(copy.remove("kubernetes_sd_configs")).isNotNull();
      jobs.add(copy);
    }
    config.put("scrape_configs", jobs);
    Files.writeString(
        dir.resolve("prometheus.yml"), JsonMapper.builder().build().writeValueAsString(config));
    Promtool.Result result = Promtool.run(dir, "check", "config", "prometheus.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void podMonitorsScrapeTheSamePorts() throws Exception {
    Map<String, Integer> scraped = new TreeMap<>();
    for (HasMetadata object : DeployFiles.objects("monitoring/podmonitors.yaml")) {
      GenericKubernetesResource monitor = (GenericKubernetesResource) object;
      assertThat(monitor.getKind()).isEqualTo("PodMonitor");
      Map<String, String> labels = monitor.get("spec", "selector", "matchLabels");
      String app = labels.get("app.kubernetes.io/name");
      List<Map<String, Object>> endpoints = monitor.get("spec", "podMetricsEndpoints");
      assertThat(endpoints).as(app).hasSize(1);
      Map<String, Object> endpoint = endpoints.get(0);
      List<String> namespaces = monitor.get("spec", "namespaceSelector", "matchNames");
      if (app.equals("lkscaler")) {
        assertThat(namespaces).containsExactly("keda");
        assertThat(endpoint.get("honorLabels")).isEqualTo(true);
        scraped.put(app, containerPort((String) endpoint.get("port")));
      } else {
        assertThat(namespaces).as(app).containsExactly("livekit");
        assertThat(endpoint.get("honorLabels")).as(app).isNull();
        scraped.put(app, (Integer) endpoint.get("portNumber"));
      }
    }
    assertThat(scraped).isEqualTo(new TreeMap<>(PORTS));
  }

  private static int containerPort(String name) throws Exception {
    return DeployBaseTest.container().getPorts().stream()
        .filter(p -> p.getName().equals(name))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow();
  }

  private static String alloyConfig() throws Exception {
    return DeployFiles.only("monitoring/alloy.yaml", ConfigMap.class).getData().get("config.alloy");
  }

  /** The labels the Alloy configuration puts on log streams. */
  static Set<String> alloyLabels() throws Exception {
    String config = alloyConfig();
    Set<String> labels = new TreeSet<>();
    Matcher target = Pattern.compile("target_label\\s*=\\s*\"([^\"]+)\"").matcher(config);
    while (target.find()) {
      labels.add(target.group(1));
    }
    Matcher stage =
        Pattern.compile("stage\\.labels\\s*\\{\\s*values\\s*=\\s*\\{([^}]*)}").matcher(config);
    while (stage.find()) {
      for (String entry : stage.group(1).split(",")) {
        labels.add(entry.split("=")[0].strip());
      }
    }
    return labels;
  }

  @Test
  void logsShipWithLowCardinalityLabelsOnly() throws Exception {
    assertThat(alloyLabels()).containsExactlyInAnyOrder("app", "namespace", "pod", "level");
    String config = alloyConfig();
    assertThat(config)
        .contains("label = \"app.kubernetes.io/name=lkscaler\"", "names = [\"keda\"]");
    // Every block is closed: a cheap guard against a broken edit of a syntax nothing here parses.
    assertThat(config.chars().filter(c -> c == '{').count())
        .isEqualTo(config.chars().filter(c -> c == '}').count());
  }
}
