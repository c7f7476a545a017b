package dev.lkscaler.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateProfileTest {
  private static final RateProfile RAMP =
      new RateProfile(
          List.of(
              new RateProfile.Point(60, 1),
              new RateProfile.Point(120, 4),
              new RateProfile.Point(180, 4),
              new RateProfile.Point(240, 1)));

  @ParameterizedTest(name = "at {0} s: {1} per minute")
  @CsvSource(
      textBlock =
          """
          0,    1
          60,   1
          90,   2.5
          120,  4
          150,  4
          210,  2.5
          240,  1
          1000, 1
          """)
  void linearBetweenPointsFlatOutside(double t, double expected) {
    assertThat(RAMP.at(t)).isEqualTo(expected);
  }

  @Test
  void theRiseStartsWhereTheRateFirstGoesUp() {
    assertThat(RAMP.riseStart()).contains(60.0);
    assertThat(RAMP.max()).isEqualTo(4);
    assertThat(RateProfile.constant(2).riseStart()).isEmpty();
    assertThat(
            new RateProfile(List.of(new RateProfile.Point(0, 3), new RateProfile.Point(10, 1)))
                .riseStart())
        .isEmpty();
  }
}
