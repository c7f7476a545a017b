package dev.lkscaler.sim.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.hpa.HorizontalAutoscaler;
import dev.lkscaler.sim.fleet.Component;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncTimesTest {
  /** Wall times (when runs woke) and the nominal times they are stamped with; phase 7.5, 15 s. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "7.5 22.55 37.49 52.54 | 7.5 22.5 37.5 52.5",
        // fixed-rate runs bunch after a stall; each still gets its own time
        "7.5 22.5 40 40.1 52.6 | 7.5 22.5 37.5 52.5 67.5",
        // a run that woke a whole period late takes the later time
        "7.5 37.6 | 7.5 37.5",
      })
  void runsAreStampedWithTheirNominalTimes(String wall, String stamped) {
    SyncTimes times = new SyncTimes(7.5, 15);
    List<String> actual = new ArrayList<>();
    for (String t : wall.split(" ")) {
      actual.add(format(times.stamp(Double.parseDouble(t))));
    }
    assertThat(String.join(" ", actual)).isEqualTo(stamped);
  }

  @ParameterizedTest(name = "due at {0}: {1}")
  @CsvSource({"7.49, false", "7.5, true"})
  void theFirstRunIsDueAtThePhase(double now, boolean due) {
    assertThat(new SyncTimes(7.5, 15).due(now)).isEqualTo(due);
  }

  @ParameterizedTest(name = "after a run stamped 7.5, due at {0}: {1}")
  @CsvSource({"22.49, false", "22.5, true"})
  void theNextRunIsDueOnePeriodLater(double now, boolean due) {
    SyncTimes times = new SyncTimes(7.5, 15);
    times.stamp(7.6);
    assertThat(times.due(now)).isEqualTo(due);
  }

  /**
   * The agents' HPA (Max of 100 % and 4 pods per 15 s up; 120 s, then half the pods per 60 s down)
   * driven through the emulator's stamping at 15 s plus up to 0.05 s of jitter, so that about half
   * of consecutive runs wake under 15 s apart: 1 to 64 takes 60 s and 11 to 1 takes 240 s (11, 5,
   * 2, 1 a minute apart after the window), as on a cluster. Stamped with the wall times, the ramp
   * took 90 s (seed 1).
   */
  @ParameterizedTest(name = "{0} to {1}, jitter seed {2}: {3} s")
  @CsvSource(
      textBlock =
          """
          1,  64, 1, 60
          1,  64, 2, 60
          1,  64, 3, 60
          11, 1,  1, 240
          11, 1,  2, 240
          11, 1,  3, 240
          """)
  void theHpaRampsAndDrainsAtItsNominalPace(int from, int to, long seed, double seconds) {
    HorizontalAutoscaler hpa =
        new HorizontalAutoscaler(Autoscaling.behavior(Component.AGENTS), 1, 100);
    SyncTimes times = new SyncTimes(7.5, Autoscaling.HPA_SYNC_PERIOD);
    Random jitter = new Random(seed);
    int current = from;
    double first = Double.NaN;
    for (int k = 0; k < 100; k++) {
      double woke = 7.5 + Autoscaling.HPA_SYNC_PERIOD * k + 0.05 * jitter.nextDouble();
      double at = times.stamp(woke);
      first = k == 0 ? at : first;
      current = hpa.sync(at, current, OptionalInt.of(to)).replicas();
      if (current == to) {
        assertThat(at - first).isEqualTo(seconds);
        return;
      }
    }
    throw new AssertionError("never reached " + to + "; at " + current);
  }

  private static String format(double t) {
    String text = Double.toString(t);
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }
}
