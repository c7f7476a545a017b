package dev.lkscaler.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicaCalculatorTest {
  /**
   * lkscaler's value with a target of 1: the desired count, unless within 10 % of status.replicas.
   */
  @ParameterizedTest(name = "value {0} over {1} replicas -> {2}")
  @CsvSource({
    "6, 5, 6",
    // |1 - 1.1| is a hair above 0.1 in floating point, as in Kubernetes: 11 over 10 scales
    "11, 10, 11",
    // |1 - 0.9| is a hair below 0.1: 9 over 10 stays
    "9, 10, 10",
    "10, 11, 11",
    "3, 0, 3",
    "0, 0, 0",
    "0, 4, 0",
    "2.5, 1, 3",
  })
  void externalAverageValue(double value, int statusReplicas, int expected) {
    assertThat(ReplicaCalculator.externalAverageValue(value, 1, statusReplicas, 0.1))
        .isEqualTo(expected);
  }

  /** CPU at a 60 % target over pods that request one CPU each. */
  @ParameterizedTest(name = "ready {0}, {1} starting, {2} replicas -> {3}")
  @CsvSource(
      delimiter = ';',
      value = {
        "0.9 0.9; 0; 2; 3",
        "0.6 0.64; 0; 2; 2",
        "0.3 0.3 0.3; 0; 3; 2",
        // utilization is truncated to a whole percent: 65.9 % is 65 %, within 10 % of 60
        "0.659; 0; 1; 1",
        // starting pods count as 0 % on a scale-up: 45 % would reverse the direction, so hold
        "0.9 0.9; 2; 4; 4",
        "0.9 0.9 0.9; 1; 4; 5",
        "; 2; 2; -1",
      })
  void cpuUtilization(String ready, int unready, int current, int expected) {
    List<Double> cpu =
        ready == null
            ? List.of()
            : Arrays.stream(ready.trim().split(" ")).map(Double::valueOf).toList();
    OptionalInt result = ReplicaCalculator.cpuUtilization(cpu, unready, current, 60, 0.1);
    assertThat(result.isPresent() ? result.getAsInt() : -1).isEqualTo(expected);
  }
}
