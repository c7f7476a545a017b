package dev.lkscaler.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixTest {
  static Matrix matrix() throws Exception {
    return Matrix.of(
        List.of(SummaryJson.of(Runs.run()), SummaryJson.of(Runs.outageRun())),
        List.of(new Matrix.Failure("wave", 2, "java.lang.IllegalStateException: boom")));
  }

  @Test
  void oneRowPerRunAndComponentWithTheFailuresBelow() throws Exception {
    assertThat(matrix().text())
        .isEqualTo(
            """
            scenario            seed  component    rej lk   rej hpa   lk/hpa  lk/oracle  hpa/oracle   outage d/0
            tiny                   3  agents        0.0 %     7.5 %    1.40x      2.00x       1.43x            -
            tiny                   3  agents        0.0 %     7.5 %    1.40x      2.00x       1.43x          1/1
            rej: rejected share of the work offered (lk: lkscaler, hpa: the CPU HPA); lk/hpa, lk/oracle, hpa/oracle: pod-seconds over pod-seconds; outage d/0: lkscaler's scale-downs / answers of 0 while Prometheus was down (- without an outage).
            failed: wave seed 2: java.lang.IllegalStateException: boom
            """);
  }

  @Test
  void readsBackWhatItWrote() throws Exception {
    Matrix matrix = matrix();

    assertThat(Matrix.read(matrix.render())).isEqualTo(matrix);
    assertThat(SummaryJson.mapper().readTree(matrix.render()).get("rows").get(0).propertyNames())
        .containsExactly(
            "scenario",
            "seed",
            "completed",
            "component",
            "rejectedLkscaler",
            "rejectedCpuHpa",
            "lkscalerVsCpuHpa",
            "lkscalerVsOracle",
            "cpuHpaVsOracle",
            "outageScaleDowns",
            "outageZeroAnswers");
  }
}
