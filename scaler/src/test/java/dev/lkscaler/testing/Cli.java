package dev.lkscaler.testing;

import dev.lkscaler.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs lkscaler's command line in the test's JVM, as the shipped jar would. */
public final class Cli {
  private Cli() {}

  /** The exit code and what was printed on stdout and on stderr. */
  public record Run(int exit, String out, String err) {}

  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }
}
