package dev.lkscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.policy.Durations;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The scaler's Deployment, Services, PodDisruptionBudget, NetworkPolicy and image recipe. */
class DeployBaseTest {
  private static final Map<String, String> POD_LABELS =
      Map.of("app.kubernetes.io/name", "lkscaler");

  static Deployment deployment() throws Exception {
    return DeployFiles.only("deployment.yaml", Deployment.class);
  }

  static Container container() throws Exception {
    return deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void twoReplicasOfTheScalerWithItsServiceAccountAndArguments() throws Exception {
    Deployment deployment = deployment();
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo("keda");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(POD_LABELS);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(POD_LABELS);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("lkscaler");
    assertThat(pod.getContainers()).hasSize(1);
    Container container = container();
    assertThat(container.getImage()).isEqualTo("lkscaler/lkscaler:0.1.0");
    assertThat(container.getArgs())
        .containsExactly(
            "serve",
            "--policy-configmap",
            "keda/lkscaler-policy",
            "--grpc-port",
            "9090",
            "--http-port",
            "8080",
            "--shutdown-grace",
            "25s");
    // JAVA_TOOL_OPTIONS would make the JVM print a plain line into the JSON log stream; the heap
    // setting lives in the image's ENTRYPOINT instead
    assertThat(container.getEnv()).noneMatch(e -> e.getName().startsWith("JAVA_"));
    assertThat(
            container.getPorts().stream()
                .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort)))
        .isEqualTo(Map.of("grpc", 9090, "http-metrics", 8080));
  }

  @Test
  void callsInFlightFinishBeforeTheKubeletKillsThePod() throws Exception {
    List<String> args = container().getArgs();
    Duration grace = Durations.parse(args.get(args.indexOf("--shutdown-grace") + 1)).orElseThrow();
    long termination =
        deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    assertThat(termination).isEqualTo(30);
    assertThat(grace).isLessThan(Duration.ofSeconds(termination));
  }

  @Test
  void runsAsAnUnprivilegedUserOnAReadOnlyRoot() throws Exception {
    var pod = deployment().getSpec().getTemplate().getSpec().getSecurityContext();
    assertThat(pod.getRunAsNonRoot()).isTrue();
    assertThat(pod.getRunAsUser()).isEqualTo(10001);
    assertThat(pod.getRunAsGroup()).isEqualTo(10001);
    assertThat(pod.getFsGroup()).isEqualTo(10001);
    assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var container = container().getSecurityContext();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
  }

  @Test
  void theJvmWritesToAnEmptyDirAtTmp() throws Exception {
    String volume =
        container().getVolumeMounts().stream()
            .filter(m -> m.getMountPath().equals("/tmp"))
            .findFirst()
            .orElseThrow()
            .getName();
    Volume tmp =
        deployment().getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals(volume))
            .findFirst()
            .orElseThrow();
    assertThat(tmp.getEmptyDir()).isNotNull();
  }

  @Test
  void requestsAndLimits() throws Exception {
    var resources = container().getResources();
    assertThat(resources.getRequests())
        .isEqualTo(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")));
    assertThat(resources.getLimits())
        .isEqualTo(Map.of("cpu", new Quantity("1"), "memory", new Quantity("512Mi")));
  }

  @Test
  void readinessIsTheOverallGrpcHealthAndLivenessItsOwnService() throws Exception {
    Probe readiness = container().getReadinessProbe();
    assertThat(readiness.getGrpc().getPort()).isEqualTo(9090);
    // The overall health ("" service) is NOT_SERVING until a valid policy is loaded.
    assertThat(readiness.getGrpc().getService()).isNull();
    Probe liveness = container().getLivenessProbe();
    assertThat(liveness.getGrpc().getPort()).isEqualTo(9090);
    assertThat(liveness.getGrpc().getService()).isEqualTo("lkscaler.liveness");
    for (Probe probe : List.of(readiness, liveness)) {
      assertThat(probe.getHttpGet()).isNull();
      assertThat(probe.getPeriodSeconds()).isPositive();
      assertThat(probe.getTimeoutSeconds()).isPositive();
      assertThat(probe.getFailureThreshold()).isGreaterThan(1);
    }
    // A pod must not restart faster than it can become ready again.
    assertThat(liveness.getPeriodSeconds() * liveness.getFailureThreshold())
        .isGreaterThan(readiness.getPeriodSeconds() * readiness.getFailureThreshold());
  }

  @Test
  void replicasSpreadAcrossNodes() throws Exception {
    PodSpec pod = deployment().getSpec().getTemplate().getSpec();
    assertThat(pod.getTopologySpreadConstraints())
        .anySatisfy(
            c -> {
              assertThat(c.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
              assertThat(c.getLabelSelector().getMatchLabels()).isEqualTo(POD_LABELS);
            });
  }

  @Test
  void grpcGoesThroughAHeadlessServiceAndMetricsThroughAnother() throws Exception {
    List<Service> services =
        DeployFiles.objects("service.yaml").stream()
            .map(Service.class::cast)
            .collect(Collectors.toList());
    Map<String, Service> byName =
        services.stream().collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
    assertThat(byName).containsOnlyKeys("lkscaler", "lkscaler-metrics");

    Service grpc = byName.get("lkscaler");
    assertThat(grpc.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(grpc.getSpec().getSelector()).isEqualTo(POD_LABELS);
    assertThat(grpc.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(9090);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("grpc");
            });

    Service metrics = byName.get("lkscaler-metrics");
    assertThat(metrics.getSpec().getSelector()).isEqualTo(POD_LABELS);
    assertThat(metrics.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http-metrics");
              assertThat(p.getPort()).isEqualTo(8080);
            });
    List<String> targetPorts =
        services.stream()
            .flatMap(s -> s.getSpec().getPorts().stream())
            .map(ServicePort::getTargetPort)
            .map(t -> t.getStrVal())
            .collect(Collectors.toList());
    assertThat(container().getPorts().stream().map(ContainerPort::getName))
        .containsAll(targetPorts);
  }

  @Test
  void aDisruptionLeavesOneScaler() throws Exception {
    PodDisruptionBudget pdb = DeployFiles.only("pdb.yaml", PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getMaxUnavailable()).isNull();
    assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(POD_LABELS);
  }

  @Test
  void onlyKedaReachesGrpcAndOnlyPrometheusReachesMetrics() throws Exception {
    NetworkPolicy policy = DeployFiles.only("networkpolicy.yaml", NetworkPolicy.class);
    assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(POD_LABELS);
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
    assertThat(rules).hasSize(2);

    NetworkPolicyPeer keda = onlyPeer(rules, 9090);
    assertThat(keda.getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "keda"));
    assertThat(keda.getPodSelector()).isNull();
    assertThat(keda.getIpBlock()).isNull();

    NetworkPolicyPeer prometheus = onlyPeer(rules, 8080);
    assertThat(prometheus.getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
    assertThat(prometheus.getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("app.kubernetes.io/name", "prometheus"));
  }

  /** The one peer that may reach the port. */
  private static NetworkPolicyPeer onlyPeer(List<NetworkPolicyIngressRule> rules, int port) {
    List<NetworkPolicyPeer> from = rule(rules, port).getFrom();
    assertThat(from).as("peers of the rule for %d", port).hasSize(1);
    return from.get(0);
  }

  private static NetworkPolicyIngressRule rule(List<NetworkPolicyIngressRule> rules, int port) {
    List<NetworkPolicyIngressRule> matching =
        rules.stream()
            .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port))
            .collect(Collectors.toList());
    assertThat(matching).as("rules for port %d", port).hasSize(1);
    assertThat(matching.get(0).getPorts()).as("ports of the rule for %d", port).hasSize(1);
    return matching.get(0);
  }

  @Test
  void theImageRunsTheShadedJarAsTheDeploymentsUser() throws Exception {
    List<String> lines =
        DeployFiles.read("Dockerfile")
            .lines()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .collect(Collectors.toList());
    assertThat(lines).contains("FROM eclipse-temurin:17-jre");
    long user = deployment().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
    long group =
        deployment().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsGroup();
    assertThat(lines).contains("USER " + user + ":" + group);
    assertThat(lines).anyMatch(l -> l.startsWith("COPY scaler/target/lkscaler.jar "));
    String entrypoint =
        lines.stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
    assertThat(entrypoint)
        .startsWith("ENTRYPOINT [\"java\", ")
        .contains("\"-XX:SharedArchiveFile=/opt/lkscaler/lkscaler.jsa\"")
        .contains("\"-XX:+UseSerialGC\"")
        .contains("\"-XX:MaxRAMPercentage=75\"")
        .endsWith("\"-jar\", \"/opt/lkscaler/lkscaler.jar\"]");
    // the archive is written beside the jar, by the script the bench runs too
    assertThat(lines)
        .contains("RUN bash /tmp/cds/cds-archive.sh /opt/lkscaler /tmp/cds/policy.yaml \\");
    // The jar the Dockerfile copies is the one the shade plugin writes.
    assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml")))
        .contains("<finalName>lkscaler</finalName>");
  }
}
