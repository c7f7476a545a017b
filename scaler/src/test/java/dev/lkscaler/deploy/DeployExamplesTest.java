package dev.lkscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PolicySet;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The example ScaledObjects, their TLS variant, and the scaler's TLS patch. */
class DeployExamplesTest {
  static final List<String> COMPONENTS =
      List.of("agents", "livekit-server", "sip", "egress", "ingress");

  // Fast up for all: double or add 4 pods every 15 s, whichever is more; without a dead band
  // where a full pod refuses work, with the controller's 10 % for the SFU, which refuses none.
  private static Map<String, Object> scaleUp(boolean deadBand) {
    Map<String, Object> up = new LinkedHashMap<>();
    up.put("stabilizationWindowSeconds", 0);
    if (!deadBand) {
      up.put("tolerance", 0);
    }
    up.put("selectPolicy", "Max");
    up.put(
        "policies",
        List.of(
            Map.of("type", "Percent", "value", 100, "periodSeconds", 15),
            Map.of("type", "Pods", "value", 4, "periodSeconds", 15)));
    return up;
  }

  // Down after the window, at most a share of the pods per minute (see docs/tuning.md).
  private static Map<String, Object> scaleDown(int window, int percent) {
    return Map.of(
        "stabilizationWindowSeconds",
        window,
        "selectPolicy",
        "Min",
        "policies",
        List.of(Map.of("type", "Percent", "value", percent, "periodSeconds", 60)));
  }

  static GenericKubernetesResource scaledObject(String file) throws Exception {
    return DeployFiles.custom(file, "ScaledObject");
  }

  private static Object at(GenericKubernetesResource resource, Object... path) {
    return resource.get(path);
  }

  private static Map<String, Object> trigger(GenericKubernetesResource scaledObject) {
    List<Map<String, Object>> triggers = scaledObject.get("spec", "triggers");
    assertThat(triggers).hasSize(1);
    return triggers.get(0);
  }

  @ParameterizedTest
  @CsvSource({
    "agents, 120, 50, false",
    "livekit-server, 240, 25, true",
    "sip, 120, 50, false",
    "egress, 120, 50, false",
    "ingress, 300, 25, false"
  })
  void scaleUpFastAndDownSoonInSteps(String component, int window, int percent, boolean deadBand)
      throws Exception {
    GenericKubernetesResource so = scaledObject("examples/" + component + ".yaml");
    Map<String, Object> behavior =
        so.get("spec", "advanced", "horizontalPodAutoscalerConfig", "behavior");
    assertThat(behavior)
        .isEqualTo(Map.of("scaleUp", scaleUp(deadBand), "scaleDown", scaleDown(window, percent)));
    assertThat(at(so, "spec", "pollingInterval")).isEqualTo(15);
    assertThat(at(so, "spec", "cooldownPeriod")).isEqualTo(300);
  }

  @Test
  void oneScaledObjectPerComponentNamingItsPolicyWithItsBounds() throws Exception {
    PolicySet policies = PolicyParser.parse(DeployFiles.read("policy.yaml"));
    assertThat(policies.policies().keySet()).containsExactlyInAnyOrderElementsOf(COMPONENTS);
    for (String component : COMPONENTS) {
      GenericKubernetesResource so = scaledObject("examples/" + component + ".yaml");
      assertThat(so.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
      assertThat(so.getMetadata().getNamespace()).isEqualTo("livekit");
      Map<String, Object> trigger = trigger(so);
      // the agents may sit at 0, so StreamIsActive wakes them; the rest poll
      assertThat(trigger.get("type"))
          .as(component)
          .isEqualTo(component.equals("agents") ? "external-push" : "external");
      assertThat(trigger.get("metricType")).as(component).isEqualTo("AverageValue");
      @SuppressWarnings("unchecked")
      Map<String, Object> metadata = (Map<String, Object>) trigger.get("metadata");
      assertThat(metadata).as(component).containsEntry("scalerAddress", scalerAddress());
      Policy policy =
          policies
              .policy((String) metadata.get("policy"))
              .orElseThrow(
                  () ->
                      new AssertionError(
                          component
                              + " names policy "
                              + metadata.get("policy")
                              + ", not in deploy/policy.yaml"));
      assertThat(policy.name()).isEqualTo(component);
      assertThat(at(so, "spec", "minReplicaCount")).as(component).isEqualTo(policy.minReplicas());
      assertThat(at(so, "spec", "maxReplicaCount")).as(component).isEqualTo(policy.maxReplicas());
    }
  }

  @Test
  void fallbackIsANonZeroCountWithinTheBounds() throws Exception {
    for (String component : COMPONENTS) {
      GenericKubernetesResource so = scaledObject("examples/" + component + ".yaml");
      Map<String, Object> fallback = so.get("spec", "fallback");
      assertThat(fallback.get("failureThreshold")).as(component).isEqualTo(3);
      int replicas = (Integer) fallback.get("replicas");
      // replicas: 0 would scale the workload to zero whenever the scaler fails.
      assertThat(replicas)
          .as(component)
          .isPositive()
          .isBetween(
              (Integer) so.get("spec", "minReplicaCount"),
              (Integer) so.get("spec", "maxReplicaCount"));
      assertThat(fallback.get("behavior")).as(component).isEqualTo("currentReplicasIfHigher");
    }
  }

  /** The DNS name and gRPC port of the headless Service in deploy/service.yaml. */
  private static String scalerAddress() throws Exception {
    Service service =
        DeployFiles.objects("service.yaml").stream()
            .map(Service.class::cast)
            .filter(s -> "None".equals(s.getSpec().getClusterIP()))
            .findFirst()
            .orElseThrow();
    return service.getMetadata().getName()
        + "."
        + service.getMetadata().getNamespace()
        + ".svc.cluster.local:"
        + service.getSpec().getPorts().get(0).getPort();
  }

  @Test
  void theTlsVariantAuthenticatesWithPemFromTheClientSecret() throws Exception {
    GenericKubernetesResource auth =
        DeployFiles.custom("examples/agents-tls.yaml", "TriggerAuthentication");
    assertThat(auth.getMetadata().getNamespace()).isEqualTo("livekit");
    List<Map<String, Object>> refs = auth.get("spec", "secretTargetRef");
    Map<String, String> keyByParameter = new HashMap<>();
    for (Map<String, Object> ref : refs) {
      assertThat(ref.get("name")).isEqualTo("lkscaler-client-tls");
      keyByParameter.put((String) ref.get("parameter"), (String) ref.get("key"));
    }
    assertThat(keyByParameter)
        .isEqualTo(
            Map.of("caCert", "ca.crt", "tlsClientCert", "tls.crt", "tlsClientKey", "tls.key"));

    GenericKubernetesResource tls = scaledObject("examples/agents-tls.yaml");
    Map<String, Object> trigger = trigger(tls);
    assertThat(trigger.get("authenticationRef"))
        .isEqualTo(Map.of("name", auth.getMetadata().getName()));
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = new HashMap<>((Map<String, Object>) trigger.get("metadata"));
    assertThat(metadata.remove("enableTLS")).isEqualTo("true");

    // Apart from TLS, the same ScaledObject as agents.yaml.
    GenericKubernetesResource plain = scaledObject("examples/agents.yaml");
    assertThat(metadata).isEqualTo(trigger(plain).get("metadata"));
    assertThat(trigger.get("type")).isEqualTo(trigger(plain).get("type"));
    Map<String, Object> tlsSpec = new HashMap<>(tls.get("spec"));
    Map<String, Object> plainSpec = new HashMap<>(plain.get("spec"));
    tlsSpec.remove("triggers");
    plainSpec.remove("triggers");
    assertThat(tlsSpec).isEqualTo(plainSpec);
    assertThat(tls.getMetadata().getName()).isEqualTo(plain.getMetadata().getName());
  }

  @Test
  void theTlsPatchKeepsTheBaseArgumentsAndMountsTheServerCertificates() throws Exception {
    Deployment patch = DeployFiles.only("examples/tls-patch.yaml", Deployment.class);
    Container base = DeployBaseTest.container();
    assertThat(patch.getMetadata().getName())
        .isEqualTo(DeployBaseTest.deployment().getMetadata().getName());
    Container container = patch.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getName()).isEqualTo(base.getName());

    // A strategic merge replaces the list, so the patch repeats every base argument first.
    List<String> args = container.getArgs();
    assertThat(args.subList(0, base.getArgs().size())).isEqualTo(base.getArgs());
    List<String> tls = new ArrayList<>(args.subList(base.getArgs().size(), args.size()));
    assertThat(tls)
        .containsExactly(
            "--tls-cert",
            "/etc/lkscaler/tls/tls.crt",
            "--tls-key",
            "/etc/lkscaler/tls/tls.key",
            "--tls-client-ca",
            "/etc/lkscaler/tls/ca.crt");

    String volume =
        container.getVolumeMounts().stream()
            .filter(
                m ->
                    m.getMountPath().equals("/etc/lkscaler/tls")
                        && Boolean.TRUE.equals(m.getReadOnly()))
            .findFirst()
            .orElseThrow()
            .getName();
    Volume secret =
        patch.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals(volume))
            .findFirst()
            .orElseThrow();
    assertThat(secret.getSecret().getSecretName()).isEqualTo("lkscaler-server-tls");
  }

  @Test
  void theTlsPatchProbesOverHttpBecauseKubeletGrpcProbesHaveNoTls() throws Exception {
    Map<String, Object> raw = DeployFiles.yamlMap("examples/tls-patch.yaml");
    Map<String, Object> container =
        DeployManifestsTest.maps(
                ((Map<?, ?>)
                        ((Map<?, ?>) ((Map<?, ?>) raw.get("spec")).get("template")).get("spec"))
                    .get("containers"))
            .get(0);
    Map<String, String> paths = Map.of("readinessProbe", "/readyz", "livenessProbe", "/healthz");
    paths.forEach(
        (probe, path) -> {
          Map<?, ?> patched = (Map<?, ?>) container.get(probe);
          // An explicit null deletes the base's grpc handler in the merge.
          assertThat(patched.containsKey("grpc") && patched.get("grpc") == null)
              .as(probe + " drops grpc")
              .isTrue();
          assertThat(patched.get("httpGet"))
              .as(probe)
              .isEqualTo(Map.of("path", path, "port", "http-metrics"));
        });
  }
}
