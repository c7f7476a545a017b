package dev.lkscaler.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shipped jar's {@code serve} as a separate process, its output in a log file. */
public final class ServeProcess {
  private ServeProcess() {}

  public static ProcessBuilder builder(
      Path config, int grpcPort, int httpPort, Path log, String... more) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("lkscaler.jar"),
                "serve",
                "--config",
                config.toString(),
                "--grpc-port",
                String.valueOf(grpcPort),
                "--http-port",
                String.valueOf(httpPort)));
    command.addAll(List.of(more));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
  }
}
