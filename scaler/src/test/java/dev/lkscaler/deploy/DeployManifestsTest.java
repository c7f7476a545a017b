package dev.lkscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under deploy/ is valid YAML, every manifest a valid object, and kustomize finds them
 * all.
 */
class DeployManifestsTest {
  /**
   * YAML files that are not Kubernetes objects: the policy, Prometheus' and promtool's own formats.
   */
  private static final Set<String> NOT_KUBERNETES =
      Set.of("policy.yaml", "monitoring/prometheus-scrape.yaml", "monitoring/alerts-test.yaml");

  private static final Set<String> CUSTOM_API_VERSIONS =
      Set.of("keda.sh/v1alpha1", "monitoring.coreos.com/v1");

  static Stream<String> yamlFiles() throws Exception {
    return DeployFiles.yamlFiles().stream();
  }

  static Stream<String> manifests() throws Exception {
    return yamlFiles().filter(f -> !NOT_KUBERNETES.contains(f) && !isKustomization(f));
  }

  static Stream<String> kustomizations() throws Exception {
    return yamlFiles().filter(DeployManifestsTest::isKustomization);
  }

  private static boolean isKustomization(String file) {
    return file.equals("kustomization.yaml") || file.endsWith("/kustomization.yaml");
  }

  @ParameterizedTest
  @MethodSource("yamlFiles")
  void isValidYaml(String file) throws Exception {
    List<Object> documents = DeployFiles.yamlDocuments(file);
    assertThat(documents).as(file).isNotEmpty().doesNotContainNull();
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void readsAsKubernetesObjectsWithNoUnknownField(String file) throws Exception {
    List<HasMetadata> objects = DeployFiles.objects(file);
    assertThat(objects).as(file).hasSameSizeAs(DeployFiles.yamlDocuments(file));
    for (HasMetadata object : objects) {
      String where = file + " " + object.getKind() + "/" + object.getMetadata().getName();
      assertThat(object.getApiVersion()).as(where).isNotBlank();
      assertThat(object.getMetadata().getName()).as(where).isNotBlank();
      if (object instanceof GenericKubernetesResource) {
        assertThat(object.getApiVersion())
            .as(where + " is a custom resource we know")
            .isIn(CUSTOM_API_VERSIONS);
      } else {
        assertThat(DeployFiles.unknownFields(object, where))
            .as("fields fabric8 does not know")
            .isEmpty();
      }
    }
  }

  @Test
  void theFilesLeftOutOfKubernetesChecksExist() {
    NOT_KUBERNETES.forEach(
        f -> assertThat(Files.isRegularFile(DeployFiles.path(f))).as(f).isTrue());
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void everyFileAKustomizationNamesExists(String file) throws Exception {
    String folder = file.contains("/") ? file.substring(0, file.lastIndexOf('/') + 1) : "";
    Map<String, Object> kustomization = DeployFiles.yamlMap(file);
    List<String> named = new ArrayList<>(strings(kustomization.get("resources")));
    for (Map<String, Object> generator : maps(kustomization.get("configMapGenerator"))) {
      named.addAll(strings(generator.get("files")));
    }
    assertThat(named).as(file).isNotEmpty();
    named.forEach(
        n ->
            assertThat(Files.isRegularFile(DeployFiles.path(folder + n)))
                .as(file + " names " + n)
                .isTrue());
  }

  @Test
  void theBaseListsEveryManifestBesideIt() throws Exception {
    Map<String, Object> kustomization = DeployFiles.yamlMap("kustomization.yaml");
    List<String> beside =
        DeployFiles.yamlFilesIn("").stream()
            .filter(f -> !f.equals("kustomization.yaml") && !f.equals("policy.yaml"))
            .collect(Collectors.toList());
    assertThat(strings(kustomization.get("resources"))).containsExactlyInAnyOrderElementsOf(beside);
    assertThat(kustomization.get("namespace")).isEqualTo("keda");
    assertThat(maps(kustomization.get("labels")))
        .anySatisfy(
            l ->
                assertThat(l.get("pairs")).isEqualTo(Map.of("app.kubernetes.io/name", "lkscaler")));
  }

  @Test
  void theBaseGeneratesThePolicyConfigMapUnderTheNameTheRoleAndTheArgsUse() throws Exception {
    Map<String, Object> kustomization = DeployFiles.yamlMap("kustomization.yaml");
    List<Map<String, Object>> generators = maps(kustomization.get("configMapGenerator"));
    assertThat(generators)
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.get("name")).isEqualTo("lkscaler-policy");
              assertThat(g.get("files")).isEqualTo(List.of("policy.yaml"));
            });
    assertThat(kustomization.get("generatorOptions"))
        .isEqualTo(Map.of("disableNameSuffixHash", true));

    Role role = DeployFiles.only("rbac.yaml", Role.class);
    assertThat(role.getRules())
        .anySatisfy(r -> assertThat(r.getResourceNames()).containsExactly("lkscaler-policy"));
    assertThat(DeployBaseTest.container().getArgs())
        .containsSequence("--policy-configmap", "keda/lkscaler-policy");
  }

  @Test
  void monitoringListsItsManifestsAndTheDashboard() throws Exception {
    Map<String, Object> kustomization = DeployFiles.yamlMap("monitoring/kustomization.yaml");
    List<String> manifests =
        DeployFiles.yamlFilesIn("monitoring").stream()
            .filter(
                f -> !f.equals("kustomization.yaml") && !NOT_KUBERNETES.contains("monitoring/" + f))
            .collect(Collectors.toList());
    assertThat(strings(kustomization.get("resources")))
        .containsExactlyInAnyOrderElementsOf(manifests);
    assertThat(maps(kustomization.get("configMapGenerator")))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.get("files")).isEqualTo(List.of("dashboard.json"));
              assertThat(g.get("options"))
                  .isEqualTo(Map.of("labels", Map.of("grafana_dashboard", "1")));
            });
  }

  @Test
  void examplesListOneScaledObjectPerComponentAndNotTheTlsVariants() throws Exception {
    Map<String, Object> kustomization = DeployFiles.yamlMap("examples/kustomization.yaml");
    assertThat(strings(kustomization.get("resources")))
        .containsExactlyInAnyOrderElementsOf(
            DeployExamplesTest.COMPONENTS.stream()
                .map(c -> c + ".yaml")
                .collect(Collectors.toList()));
  }

  @SuppressWarnings("unchecked")
  static List<String> strings(Object list) {
    return list == null ? List.of() : (List<String>) list;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> maps(Object list) {
    return list == null ? List.of() : (List<Map<String, Object>>) list;
  }
}
