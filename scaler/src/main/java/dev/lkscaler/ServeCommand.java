package dev.lkscaler;

import dev.lkscaler.policy.PolicyException;
import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PolicySet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the KEDA external scaler: gRPC for KEDA, HTTP for /metrics, /healthz and /readyz.",
      "Stops gracefully on SIGTERM."
    })
final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The policy file (YAML).")
  Path config;

  @Option(names = "--grpc-port", defaultValue = "9090", description = "gRPC port for KEDA (default: ${DEFAULT-VALUE}).")
  int grpcPort;

  @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port for metrics and probes (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--shutdown-grace", defaultValue = "25s", paramLabel = "DURATION",
      description = "How long calls in flight may take after SIGTERM (default: ${DEFAULT-VALUE}).")
  String shutdownGrace;

  @Override
  public Integer call() throws Exception {
    java.time.Duration grace =
        dev.lkscaler.policy.Durations.parse(shutdownGrace)
            .orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "--shutdown-grace: expected a duration such as 25s, found " + shutdownGrace));
    PolicySet policies;
    try {
      policies = PolicyParser.parse(Files.readString(config, StandardCharsets.UTF_8));
    } catch (PolicyException e) {
      for (String error : e.errors()) {
        spec.commandLine().getErr().println(config + ": " + error);
      }
      return 1;
    } catch (IOException e) {
      spec.commandLine().getErr().println(config + ": cannot read: " + e.getMessage());
      return 1;
    }
    Scaler scaler = Scaler.start(policies, grpcPort, httpPort);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> scaler.stop(grace), "shutdown"));
    scaler.awaitTermination();
    return 0;
  }
}
