package dev.lkscaler.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The files under deploy/, read from the scaler module's directory as the tests run. */
final class DeployFiles {
  static final Path DEPLOY = Path.of("..", "deploy");

  private DeployFiles() {}

  static Path path(String relative) {
    return DEPLOY.resolve(relative);
  }

  static String read(String relative) throws IOException {
    return Files.readString(path(relative));
  }

  /** Every YAML file under deploy/, relative to it with '/' separators, sorted. */
  static List<String> yamlFiles() throws IOException {
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> DEPLOY.relativize(p).toString().replace('\\', '/'))
          .filter(name -> name.endsWith(".yaml") || name.endsWith(".yml"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** The YAML files directly in one folder of deploy/ ("" for deploy/ itself). */
  static List<String> yamlFilesIn(String folder) throws IOException {
    String prefix = folder.isEmpty() ? "" : folder + "/";
    return yamlFiles().stream()
        .filter(name -> name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0)
        .map(name -> name.substring(prefix.length()))
        .collect(Collectors.toList());
  }

  /** The documents of a YAML file, strictly: duplicate keys are errors. */
  static List<Object> yamlDocuments(String relative) throws IOException {
    LoadSettings settings =
        LoadSettings.builder().setAllowDuplicateKeys(false).setLabel(relative).build();
    List<Object> documents = new ArrayList<>();
    new Load(settings).loadAllFromString(read(relative)).forEach(documents::add);
    return documents;
  }

  /** A YAML file of one mapping. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> yamlMap(String relative) throws IOException {
    List<Object> documents = yamlDocuments(relative);
    if (documents.size() != 1 || !(documents.get(0) instanceof Map)) {
      throw new AssertionError(relative + ": expected one YAML mapping, found " + documents);
    }
    return (Map<String, Object>) documents.get(0);
  }

  /** The Kubernetes objects of a file as fabric8 reads them; custom resources are generic. */
  static List<HasMetadata> objects(String relative) throws IOException {
    try (InputStream in = Files.newInputStream(path(relative))) {
      Object parsed = new KubernetesSerialization().unmarshal(in);
      List<HasMetadata> objects = new ArrayList<>();
      if (parsed instanceof Collection<?> many) {
        many.forEach(o -> objects.add((HasMetadata) o));
      } else if (parsed != null) {
        objects.add((HasMetadata) parsed);
      }
      return objects;
    }
  }

  /** The one object of a type in a file. */
  static <T extends HasMetadata> T only(String relative, Class<T> type) throws IOException {
    List<T> found =
        objects(relative).stream()
            .filter(type::isInstance)
            .map(type::cast)
            .collect(Collectors.toList());
    if (found.size() != 1) {
      throw new AssertionError(
          relative + ": expected one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }

  /** The one custom resource of a kind in a file. */
  static GenericKubernetesResource custom(String relative, String kind) throws IOException {
    List<GenericKubernetesResource> found =
        objects(relative).stream()
            .filter(o -> o instanceof GenericKubernetesResource && kind.equals(o.getKind()))
            .map(GenericKubernetesResource.class::cast)
            .collect(Collectors.toList());
    if (found.size() != 1) {
      throw new AssertionError(relative + ": expected one " + kind + ", found " + found.size());
    }
    return found.get(0);
  }

  /**
   * Fields fabric8's typed model did not know, with their paths: fabric8 keeps them aside rather
   * than failing, so a misspelt key (readinesProbe) would otherwise pass unnoticed.
   */
  static List<String> unknownFields(Object value, String path) {
    List<String> found = new ArrayList<>();
    collectUnknown(value, path, found);
    return found;
  }

  private static void collectUnknown(Object value, String path, List<String> found) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collectUnknown(v, path + "." + k, found));
      return;
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        collectUnknown(list.get(i), path + "[" + i + "]", found);
      }
      return;
    }
    if (value == null || !isModel(value.getClass())) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")) {
        continue;
      }
      Object child;
      try {
        child = getter.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new AssertionError(path + ": cannot read " + getter.getName(), e);
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          found.add(path + ": " + extra.keySet());
        }
      } else if (child instanceof Map
          || child instanceof List
          || (child != null && isModel(child.getClass()))) {
        collectUnknown(child, path + "." + property(getter.getName()), found);
      }
    }
  }

  private static boolean isModel(Class<?> type) {
    return type.getName().startsWith("io.fabric8.kubernetes.api.model.")
        && !GenericKubernetesResource.class.isAssignableFrom(type);
  }

  private static String property(String getter) {
    return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
  }
}
