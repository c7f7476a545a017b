package dev.lkscaler.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shipped jar's {@code serve} as a separate process, its output in a log file. */
public final class ServeProcess {
  private ServeProcess() {}

  /** {@code serve --config FILE} on these ports, then the further arguments. */
  public static ProcessBuilder builder(
      Path config, int grpcPort, int httpPort, Path log, String... more) {
    List<String> args = new ArrayList<>(List.of("--config", config.toString()));
    args.addAll(List.of(more));
    return serve(grpcPort, httpPort, log, args);
  }

  /** {@code serve} on these ports with the given arguments (the policy source among them). */
  public static ProcessBuilder serve(int grpcPort, int httpPort, Path log, List<String> args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("lkscaler.jar"),
                "serve",
                "--grpc-port",
                String.valueOf(grpcPort),
                "--http-port",
                String.valueOf(httpPort)));
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
  }
}
