package dev.lkscaler.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Prometheus' promtool (Debian's prometheus package ships it). */
public final class Promtool {
  /** Its exit code and everything it printed. */
  public record Result(int exitCode, String output) {}

  private Promtool() {}

  public static Result run(Path directory, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("promtool " + String.join(" ", args) + " took over 60 s");
    }
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static String binary() {
    return Binaries.find("PROMTOOL_BIN", "promtool")
        .orElseThrow(
            () ->
                new AssertionError(
                    "promtool is needed to check the alert rules and the dashboard's PromQL: install"
                        + " Debian's prometheus package (apt-get install prometheus; scripts/test"
                        + " does it) or set PROMTOOL_BIN"));
  }
}
