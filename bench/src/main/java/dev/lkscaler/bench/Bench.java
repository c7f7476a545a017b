package dev.lkscaler.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs every benchmark, prints one table (figure, value, target, met or missed) with the machine it
 * ran on, and writes the figures as JSON. {@code --smoke} runs each for a moment, so that the
 * command cannot rot; its figures are not the ones to quote.
 */
public final class Bench {
  private Bench() {}

  /** The figures of one invocation, with the machine they were measured on. */
  public record Results(String machine, boolean smoke, List<Figure> figures) {}

  public static void main(String[] args) throws Exception {
    quietLibraries();
    boolean smoke = false;
    Path root = root();
    Path out = null;
    Set<String> only = Set.copyOf(PARTS);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--smoke" -> smoke = true;
        case "--out" -> out = Path.of(args[++i]);
        case "--only" -> only = Set.of(args[++i].split(","));
        default -> {
          System.err.println(
              "bench: unknown argument "
                  + args[i]
                  + "; usage: [--smoke] [--out FILE] [--only "
                  + String.join(",", PARTS)
                  + "]");
          System.exit(2);
        }
      }
    }
    if (!PARTS.containsAll(only)) {
      System.err.println("bench: --only: expected some of " + PARTS + ". Found: " + only);
      System.exit(2);
    }
    if (out == null) {
      // a smoke's figures are not to quote: never over the results of a full run
      out = root.resolve(smoke ? "bench/target/results-smoke.json" : "bench/results.json");
    }
    Results results = run(smoke, root, only);
    print(results, System.out);
    write(results, out);
    System.out.println("written: " + out);
    System.exit(0);
  }

  /** The repository: the nearest directory up from here that holds deploy/Dockerfile. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("deploy/Dockerfile"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "bench: run it inside the lkscaler repository (no deploy/Dockerfile above "
            + Path.of("").toAbsolutePath()
            + ")");
  }

  /** The benchmarks, in the order they run. */
  static final List<String> PARTS = List.of("engine", "process", "prometheus");

  public static Results run(boolean smoke, Path root, Set<String> only) throws Exception {
    List<Figure> figures = new ArrayList<>();
    if (only.contains("engine")) {
      figures.addAll(EngineBench.run(smoke));
    }
    if (only.contains("process")) {
      figures.addAll(
          ProcessBench.run(
              smoke ? ProcessBench.Budget.SMOKE : ProcessBench.Budget.FULL,
              smoke ? RpcBench.Budget.SMOKE : RpcBench.Budget.FULL,
              root));
    }
    if (only.contains("prometheus")) {
      figures.addAll(
          PrometheusLoadBench.run(
              smoke ? PrometheusLoadBench.Budget.SMOKE : PrometheusLoadBench.Budget.FULL));
    }
    return new Results(machine(), smoke, figures);
  }

  /**
   * The table is the output: the in-JVM scalers' decision lines and the mock API server's request
   * lines would bury it.
   */
  private static void quietLibraries() {
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    for (java.util.logging.Handler handler : java.util.logging.Logger.getLogger("").getHandlers()) {
      handler.setLevel(java.util.logging.Level.WARNING);
    }
  }

  /** A line on stderr: what finished and how long it took, so that a long run shows progress. */
  static void progress(String what, long startedNanos) {
    System.err.printf(
        Locale.ROOT, "bench: %s (%.1f s)%n", what, (System.nanoTime() - startedNanos) / 1e9);
  }

  /** Where the figures were measured: cores, JDK and system, and when. */
  static String machine() {
    return Runtime.getRuntime().availableProcessors()
        + " cores, "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version")
        + ", "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + ", "
        + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  static void print(Results results, PrintStream out) {
    out.println("lkscaler bench" + (results.smoke() ? " (smoke: figures not to quote)" : ""));
    out.println("machine: " + results.machine());
    int width = results.figures().stream().mapToInt(f -> f.name().length()).max().orElse(10);
    for (Figure f : results.figures()) {
      out.println(
          String.format(
              Locale.ROOT,
              "%-" + width + "s  %12.2f %-8s %-10s %s",
              f.name(),
              f.value(),
              f.unit(),
              f.target(),
              f.met().map(met -> met ? "met" : "MISSED").orElse("")));
    }
  }

  static void write(Results results, Path file) throws IOException {
    JsonMapper mapper = JsonMapper.builder().build();
    ObjectNode root = mapper.createObjectNode();
    root.put("machine", results.machine());
    root.put("smoke", results.smoke());
    ArrayNode figures = root.putArray("figures");
    for (Figure f : results.figures()) {
      ObjectNode node = figures.addObject();
      node.put("name", f.name());
      node.put("value", f.value());
      node.put("unit", f.unit());
      node.put("target", f.target());
      if (f.met().isPresent()) {
        node.put("met", f.met().get());
      } else {
        node.putNull("met");
      }
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(
        file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }
}
