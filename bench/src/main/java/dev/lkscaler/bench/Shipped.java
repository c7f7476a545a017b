package dev.lkscaler.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * How deploy/ runs the scaler, read from its files so that the benchmark measures what ships: the
 * JVM flags of the Dockerfile's ENTRYPOINT, the container's memory limit and {@code serve}'s
 * arguments from the Deployment, and the policy the kustomization puts in the ConfigMap.
 *
 * @param jvmFlags the ENTRYPOINT's arguments between {@code java} and {@code -jar}
 * @param imageDir where the image keeps the jar (and the class-data archive)
 * @param memoryLimitBytes the container's {@code resources.limits.memory}
 * @param serveArgs the container's {@code args}
 */
record Shipped(
    List<String> jvmFlags,
    String imageDir,
    long memoryLimitBytes,
    List<String> serveArgs,
    String policy) {
  private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT\\s+\\[(.*)]\\s*$");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  static Shipped read(Path root) throws IOException {
    Path dockerfile = root.resolve("deploy/Dockerfile");
    Matcher entrypoint = ENTRYPOINT.matcher(Files.readString(dockerfile));
    if (!entrypoint.find()) {
      throw new IllegalStateException(dockerfile + ": expected an ENTRYPOINT [\"java\", ...] line");
    }
    List<String> words = new ArrayList<>();
    Matcher quoted = QUOTED.matcher(entrypoint.group(1));
    while (quoted.find()) {
      words.add(quoted.group(1));
    }
    int jar = words.indexOf("-jar");
    if (words.isEmpty() || !words.get(0).equals("java") || jar < 0 || jar + 1 >= words.size()) {
      throw new IllegalStateException(
          dockerfile
              + ": expected ENTRYPOINT [\"java\", flags..., \"-jar\", JAR]. Found: "
              + words);
    }
    String jarPath = words.get(jar + 1);
    String imageDir = jarPath.substring(0, jarPath.lastIndexOf('/') + 1);

    Map<?, ?> container = container(root.resolve("deploy/deployment.yaml"));
    Map<?, ?> limits = (Map<?, ?>) ((Map<?, ?>) container.get("resources")).get("limits");
    List<String> args = new ArrayList<>();
    for (Object arg : (List<?>) container.get("args")) {
      args.add(String.valueOf(arg));
    }
    return new Shipped(
        List.copyOf(words.subList(1, jar)),
        imageDir,
        quantity(String.valueOf(limits.get("memory"))),
        List.copyOf(args),
        Files.readString(root.resolve("deploy/policy.yaml")));
  }

  private static Map<?, ?> container(Path deployment) throws IOException {
    Object doc =
        new Load(LoadSettings.builder().build()).loadFromString(Files.readString(deployment));
    Map<?, ?> spec = (Map<?, ?>) ((Map<?, ?>) doc).get("spec");
    Map<?, ?> template = (Map<?, ?>) spec.get("template");
    List<?> containers = (List<?>) ((Map<?, ?>) template.get("spec")).get("containers");
    return (Map<?, ?>) containers.get(0);
  }

  /** A Kubernetes memory quantity in the binary units deploy/ uses (Ki, Mi, Gi). */
  static long quantity(String text) {
    Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi)").matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "resources.limits.memory: expected a quantity such as 512Mi. Found: " + text);
    }
    int shift =
        switch (m.group(2)) {
          case "Ki" -> 10;
          case "Mi" -> 20;
          default -> 30;
        };
    return Long.parseLong(m.group(1)) << shift;
  }

  /** The JVM flags with the image's directory mapped to a local one, and the limit as MaxRAM. */
  List<String> jvmFlagsIn(Path localImageDir) {
    List<String> flags = new ArrayList<>();
    for (String flag : jvmFlags) {
      flags.add(flag.replace(imageDir, localImageDir.toAbsolutePath() + "/"));
    }
    // what the container's cgroup limit tells the JVM in a pod
    flags.add("-XX:MaxRAM=" + memoryLimitBytes);
    // to profile the measured process, e.g.
    // -Dbench.jvmFlags=-XX:StartFlightRecording=filename=x.jfr
    String extra = System.getProperty("bench.jvmFlags", "").trim();
    if (!extra.isEmpty()) {
      flags.addAll(List.of(extra.split("\\s+")));
    }
    return flags;
  }

  /** serve's arguments with the given ports. */
  List<String> serveArgsOn(int grpcPort, int httpPort) {
    List<String> args = new ArrayList<>(serveArgs);
    set(args, "--grpc-port", String.valueOf(grpcPort));
    set(args, "--http-port", String.valueOf(httpPort));
    return args;
  }

  private static void set(List<String> args, String option, String value) {
    int at = args.indexOf(option);
    if (at < 0) {
      args.add(option);
      args.add(value);
    } else {
      args.set(at + 1, value);
    }
  }

  /** The ConfigMap serve watches: NAMESPACE/NAME from {@code --policy-configmap}. */
  String[] policyConfigMap() {
    int at = serveArgs.indexOf("--policy-configmap");
    if (at < 0) {
      throw new IllegalStateException("deploy/deployment.yaml: expected --policy-configmap");
    }
    return serveArgs.get(at + 1).split("/", 2);
  }
}
