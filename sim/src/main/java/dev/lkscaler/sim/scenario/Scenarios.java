package dev.lkscaler.sim.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/** The built-in scenario files (sim/scenarios, packaged in the jar), or any scenario file. */
public final class Scenarios {
  public static final List<String> BUILT_IN =
      List.of(
          "ramp",
          "spike",
          "prometheus-outage",
          "egress-burst",
          "scale-from-zero",
          "ramp-fast",
          "wave",
          "outage-falling",
          "sfu-evening");

  private Scenarios() {}

  /** A built-in scenario by name, or a file by path. */
  public static Scenario load(String nameOrFile) throws ScenarioException {
    Path file = Path.of(nameOrFile);
    if (Files.isRegularFile(file)) {
      String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
      try {
        return ScenarioParser.parse(name, Files.readString(file));
      } catch (IOException e) {
        throw new ScenarioException(nameOrFile, List.of("cannot read: " + e.getMessage()));
      }
    }
    if (!BUILT_IN.contains(nameOrFile)) {
      throw new ScenarioException(
          nameOrFile,
          List.of("neither a file nor a built-in scenario (" + String.join(", ", BUILT_IN) + ")"));
    }
    try (InputStream in =
        Scenarios.class.getResourceAsStream("/scenarios/" + nameOrFile + ".yaml")) {
      if (in == null) {
        throw new ScenarioException(
            nameOrFile, List.of("the built-in scenario is missing from the jar"));
      }
      return ScenarioParser.parse(
          nameOrFile, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** For the command line's completion and help. */
  public static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return BUILT_IN.iterator();
    }
  }
}
