package dev.lkscaler;

import dev.lkscaler.plan.TargetRef;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options that name a policy file and a ScaledObject, as explain and backtest take them. */
final class ScaledObjectOptions {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Policy file.")
  Path config;

  @Option(names = "--policy", required = true, paramLabel = "NAME", description = "Policy name.")
  String policy;

  @Option(
      names = "--namespace",
      required = true,
      paramLabel = "NS",
      description = "The ScaledObject's namespace ({{namespace}}).")
  String namespace;

  @Option(
      names = "--name",
      paramLabel = "SCALEDOBJECT",
      description = "The ScaledObject's name ({{name}}); the policy's name by default.")
  String name;

  @Option(
      names = "--target",
      paramLabel = "NAME",
      description = "The scale target's name ({{target}}), as the cluster would say.")
  String target;

  @Option(
      names = "--var",
      paramLabel = "KEY=VALUE",
      description = "A trigger metadata entry, as the ScaledObject sets it (repeatable).")
  Map<String, String> variables = new LinkedHashMap<>();

  /** The ScaledObject as a call names it: its metadata with the policy. */
  TargetRef ref() {
    Map<String, String> metadata = new HashMap<>(variables);
    metadata.put("policy", policy);
    return new TargetRef(namespace, name == null ? policy : name, metadata);
  }

  Optional<String> target() {
    return Optional.ofNullable(target);
  }
}
