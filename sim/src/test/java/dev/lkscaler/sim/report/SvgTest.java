package dev.lkscaler.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SvgTest {
  @Test
  void thinningKeepsEveryBucketsHighestAndLowestPoint() {
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      points.add(new double[] {i, i == 4321 ? 99 : i == 777 ? -5 : 1});
    }
    List<double[]> thinned = Svg.thin(points);

    assertThat(thinned.size()).isLessThanOrEqualTo(450);
    assertThat(thinned).anySatisfy(p -> assertThat(p[1]).isEqualTo(99));
    assertThat(thinned).anySatisfy(p -> assertThat(p[1]).isEqualTo(-5));
    assertThat(thinned).isSortedAccordingTo((a, b) -> Double.compare(a[0], b[0]));
  }

  @ParameterizedTest
  @CsvSource({"0.83, 1", "7, 8", "13, 15", "0.012, 0.012", "101, 120"})
  void axesEndOnRoundNumbers(double value, double expected) {
    assertThat(Svg.niceCeiling(value))
        .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void textIsEscaped() {
    assertThat(Svg.escape("a < b & \"c\" > d")).isEqualTo("a &lt; b &amp; &quot;c&quot; &gt; d");
  }
}
