package dev.lkscaler;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the KEDA external scaler: gRPC for KEDA, HTTP for /metrics, /healthz and /readyz.",
      "The policy is reloaded on every change; an invalid one is rejected and the last good one stays.",
      "Stops gracefully on SIGTERM."
    })
final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static final class Source {
    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "The policy file (YAML), read again every second.")
    Path config;

    @Option(
        names = "--policy-configmap",
        paramLabel = "NAMESPACE/NAME",
        description = "A ConfigMap holding the policy, watched through the Kubernetes API.")
    String configMap;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--policy-key",
      paramLabel = "KEY",
      description = "The ConfigMap key of the policy (default: policy.yaml).")
  String policyKey;

  @Option(
      names = "--grpc-port",
      defaultValue = "9090",
      description = "gRPC port for KEDA (default: ${DEFAULT-VALUE}).")
  int grpcPort;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description = "HTTP port for metrics and probes (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--kubernetes",
      defaultValue = "auto",
      paramLabel = "auto|on|off",
      description = {
        "Read scale targets' replicas from the Kubernetes API (default: ${DEFAULT-VALUE}:",
        "on in a cluster, with a kubeconfig, or with --policy-configmap)."
      })
  String kubernetes;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "Serve gRPC over TLS with this PEM certificate chain.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "The PEM private key (PKCS#8) of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--tls-client-ca",
      paramLabel = "FILE",
      description = "Require client certificates signed by this PEM CA (mutual TLS).")
  Path tlsClientCa;

  @Option(
      names = "--shutdown-grace",
      defaultValue = "25s",
      paramLabel = "DURATION",
      description = "How long calls in flight may take after SIGTERM (default: ${DEFAULT-VALUE}).")
  String shutdownGrace;

  @Override
  public Integer call() throws Exception {
    CommandLine line = spec.commandLine();
    Duration grace =
        dev.lkscaler.policy.Durations.parse(shutdownGrace)
            .orElseThrow(
                () ->
                    new CommandLine.ParameterException(
                        line,
                        "--shutdown-grace: expected a duration such as 25s. Found: "
                            + shutdownGrace));
    Scaler.PolicySource policySource;
    if (source.configMap != null) {
      String[] parts = source.configMap.split("/", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new CommandLine.ParameterException(
            line, "--policy-configmap: expected NAMESPACE/NAME. Found: " + source.configMap);
      }
      policySource =
          new Scaler.FromConfigMap(
              parts[0], parts[1], policyKey == null ? "policy.yaml" : policyKey);
    } else {
      if (policyKey != null) {
        throw new CommandLine.ParameterException(
            line, "--policy-key: only goes with --policy-configmap");
      }
      policySource = new Scaler.FromFile(source.config);
    }
    Optional<Scaler.Tls> tls = Optional.empty();
    if (tlsCert != null || tlsKey != null || tlsClientCa != null) {
      if (tlsCert == null || tlsKey == null) {
        throw new CommandLine.ParameterException(line, "--tls-cert and --tls-key go together");
      }
      tls = Optional.of(new Scaler.Tls(tlsCert, tlsKey, Optional.ofNullable(tlsClientCa)));
    }
    boolean useKubernetes =
        switch (kubernetes) {
          case "on" -> true;
          case "off" -> false;
          case "auto" -> policySource instanceof Scaler.FromConfigMap || clusterReachable();
          default ->
              throw new CommandLine.ParameterException(
                  line, "--kubernetes: expected auto, on or off. Found: " + kubernetes);
        };
    if (!useKubernetes && policySource instanceof Scaler.FromConfigMap) {
      throw new CommandLine.ParameterException(
          line, "--policy-configmap needs the Kubernetes API: drop --kubernetes off");
    }
    Scaler.Settings settings = new Scaler.Settings(policySource, grpcPort, httpPort, tls);
    Scaler scaler;
    try {
      scaler =
          useKubernetes
              ? Scaler.start(
                  settings, () -> new KubernetesClientBuilder().build(), Clock.systemUTC())
              : Scaler.start(settings, Optional.empty(), Clock.systemUTC());
    } catch (IOException | IllegalArgumentException e) {
      // a port in use, or an unreadable certificate: say so in one line
      line.getErr().println("serve: cannot start: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> scaler.stop(grace), "shutdown"));
    scaler.awaitTermination();
    return 0;
  }

  /** In a pod, or with a kubeconfig: the places fabric8 looks for a cluster. */
  private static boolean clusterReachable() {
    if (System.getenv("KUBERNETES_SERVICE_HOST") != null || System.getenv("KUBECONFIG") != null) {
      return true;
    }
    return Files.isRegularFile(Path.of(System.getProperty("user.home"), ".kube", "config"));
  }
}
