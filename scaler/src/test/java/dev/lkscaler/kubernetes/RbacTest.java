package dev.lkscaler.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped RBAC grants exactly what the scaler uses, and nothing wider. */
class RbacTest {
  private static List<HasMetadata> objects() throws Exception {
    try (InputStream in = Files.newInputStream(Path.of("..", "deploy", "rbac.yaml"))) {
      Object parsed = new KubernetesSerialization().unmarshal(in);
      @SuppressWarnings("unchecked")
      List<HasMetadata> list =
          parsed instanceof List<?> ? (List<HasMetadata>) parsed : List.of((HasMetadata) parsed);
      return list;
    }
  }

  /** The first object of that kind in deploy/rbac.yaml. */
  private static <T extends HasMetadata> T first(Class<T> kind) throws Exception {
    return objects().stream().filter(kind::isInstance).map(kind::cast).findFirst().orElseThrow();
  }

  private static List<String> rules(List<PolicyRule> rules) {
    return rules.stream()
        .map(
            r ->
                r.getApiGroups()
                    + " "
                    + r.getResources()
                    + " "
                    + r.getResourceNames()
                    + " "
                    + r.getVerbs())
        .collect(Collectors.toList());
  }

  @Test
  void clusterWideOnlyReads() throws Exception {
    ClusterRole role = first(ClusterRole.class);
    assertThat(rules(role.getRules()))
        .containsExactly(
            "[keda.sh] [scaledobjects] [] [get, list, watch]",
            "[apps] [deployments, statefulsets] [] [get, list, watch]",
            "[apps] [deployments/scale, statefulsets/scale] [] [get]");
  }

  @Test
  void inItsNamespaceOneConfigMapAndEvents() throws Exception {
    Role role = first(Role.class);
    assertThat(role.getMetadata().getNamespace()).isEqualTo("keda");
    assertThat(rules(role.getRules()))
        .containsExactly(
            "[] [configmaps] [lkscaler-policy] [get, list, watch]", "[] [events] [] [create]");
  }
}
