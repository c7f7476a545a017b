package dev.lkscaler.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Options that cannot go together stop lksim before anything runs, with exit code 2. */
class MainTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--seeds 1,2 | lksim: --seeds: only goes with --matrix (one run takes --seed)",
        "--matrix --seed 4 | lksim: --seed: only goes without --matrix (the matrix takes --seeds)",
        "--scenario ramp,wave | lksim: --scenario: expected one scenario without --matrix."
            + " Found: ramp,wave",
        "--matrix --scenario wave,nope | lksim: nope: neither a file nor a built-in scenario (ramp,"
            + " spike, prometheus-outage, egress-burst, scale-from-zero, ramp-fast, wave,"
            + " outage-falling, sfu-evening)",
      })
  void misuseIsRefusedBeforeAnyRun(String args, String error) {
    StringWriter err = new StringWriter();
    CommandLine line = new CommandLine(new Main());
    line.setErr(new PrintWriter(err, true));
    line.setOut(new PrintWriter(new StringWriter(), true));

    int code = line.execute(args.split(" "));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo(error + System.lineSeparator());
  }
}
