package dev.lkscaler;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code serve} runs the scaler, {@code validate} checks a policy file, {@code
 * explain} shows how a decision is made, {@code backtest} replays a policy over history.
 */
@Command(
    name = "lkscaler",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "KEDA external scaler for self-hosted LiveKit fleets.",
    subcommands = {
      ServeCommand.class,
      ValidateCommand.class,
      ExplainCommand.class,
      BacktestCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line with the given streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine line = new CommandLine(new Main());
    line.setOut(out);
    line.setErr(err);
    return line.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: serve, validate, explain or backtest");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"lkscaler " + (version == null ? "dev" : version)};
    }
  }
}
