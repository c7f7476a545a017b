package dev.lkscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What kustomize itself makes of deploy/, its examples, its monitoring and the TLS overlay. Needs
 * kubectl (its built-in kustomize, no cluster); the other Deploy tests check the files without it.
 */
class DeployKustomizeTest {
  private static final Set<String> CLUSTER_SCOPED = Set.of("ClusterRole", "ClusterRoleBinding");

  @TempDir Path dir;

  private static List<HasMetadata> render(Path kustomization) throws Exception {
    String kubectl =
        List.of("/usr/bin/kubectl", "/usr/local/bin/kubectl").stream()
            .filter(p -> new File(p).canExecute())
            .findFirst()
            .orElse(null);
    assumeTrue(kubectl != null, "kubectl is not installed");
    File errors = File.createTempFile("kustomize", ".err");
    errors.deleteOnExit();
    Process process =
        new ProcessBuilder(kubectl, "kustomize", kustomization.toString())
            .redirectError(errors)
            .start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as("kubectl kustomize %s: %s", kustomization, Files.readString(errors.toPath()))
        .isZero();
    Object parsed = new KubernetesSerialization().unmarshal(new ByteArrayInputStream(out));
    List<HasMetadata> objects = new ArrayList<>();
    ((Collection<?>) parsed).forEach(o -> objects.add((HasMetadata) o));
    return objects;
  }

  @Test
  void theBaseRendersLabelledInKedaWithThePolicyConfigMap() throws Exception {
    List<HasMetadata> objects = render(DeployFiles.DEPLOY);
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .contains(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "ConfigMap",
            "Deployment",
            "Service",
            "PodDisruptionBudget",
            "NetworkPolicy");
    for (HasMetadata object : objects) {
      String where = object.getKind() + "/" + object.getMetadata().getName();
      assertThat(object.getMetadata().getLabels())
          .as(where)
          .containsEntry("app.kubernetes.io/name", "lkscaler");
      assertThat(object.getMetadata().getNamespace())
          .as(where)
          .isEqualTo(CLUSTER_SCOPED.contains(object.getKind()) ? null : "keda");
    }
    ConfigMap policy =
        objects.stream()
            .filter(ConfigMap.class::isInstance)
            .map(ConfigMap.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(policy.getMetadata().getName()).isEqualTo("lkscaler-policy");
    assertThat(policy.getData()).containsOnlyKeys("policy.yaml");
    assertThat(policy.getData().get("policy.yaml")).isEqualTo(DeployFiles.read("policy.yaml"));
  }

  @Test
  void theExamplesAndTheMonitoringRender() throws Exception {
    assertThat(render(DeployFiles.path("examples")))
        .extracting(HasMetadata::getKind)
        .containsExactly(
            "ScaledObject", "ScaledObject", "ScaledObject", "ScaledObject", "ScaledObject");
    List<HasMetadata> monitoring = render(DeployFiles.path("monitoring"));
    assertThat(monitoring)
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("monitoring"));
    ConfigMap dashboard =
        monitoring.stream()
            .filter(o -> o.getMetadata().getName().equals("lkscaler-dashboard"))
            .map(ConfigMap.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(dashboard.getData().get("dashboard.json"))
        .isEqualTo(DeployFiles.read("monitoring/dashboard.json"));
  }

  @Test
  void theTlsPatchAppliesToTheBase() throws Exception {
    Files.copy(DeployFiles.path("examples/tls-patch.yaml"), dir.resolve("tls-patch.yaml"));
    // kustomize refuses absolute resource paths, so the overlay names deploy/ relatively.
    String base =
        dir.toAbsolutePath().relativize(DeployFiles.DEPLOY.toAbsolutePath().normalize()).toString();
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "resources: [\"" + base + "\"]\npatches: [{path: tls-patch.yaml}]\n",
        StandardCharsets.UTF_8);
    Deployment deployment =
        render(dir).stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getArgs()).containsSequence("--tls-cert", "/etc/lkscaler/tls/tls.crt");
    assertThat(container.getReadinessProbe().getGrpc()).isNull();
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getLivenessProbe().getGrpc()).isNull();
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .contains("/tmp", "/etc/lkscaler/tls");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
  }
}
