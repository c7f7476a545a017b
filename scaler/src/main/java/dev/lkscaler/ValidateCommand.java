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
import picocli.CommandLine.Parameters;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a policy file and prints every error with its path.",
      "Exits 0 when the file is valid, 1 when it has errors."
    })
final class ValidateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The policy file (YAML).")
  Path file;

  @Override
  public Integer call() {
    try {
      PolicySet set = PolicyParser.parse(Files.readString(file, StandardCharsets.UTF_8));
      spec.commandLine()
          .getOut()
          .printf(
              "%s: valid, %d %s: %s%n",
              file,
              set.policies().size(),
              set.policies().size() == 1 ? "policy" : "policies",
              String.join(", ", set.policies().keySet()));
      return 0;
    } catch (PolicyException e) {
      for (String error : e.errors()) {
        spec.commandLine().getErr().println(file + ": " + error);
      }
      spec.commandLine()
          .getErr()
          .printf(
              "%s: %d %s%n", file, e.errors().size(), e.errors().size() == 1 ? "error" : "errors");
      return 1;
    } catch (IOException e) {
      spec.commandLine().getErr().println(file + ": cannot read: " + e.getMessage());
      return 1;
    }
  }
}
