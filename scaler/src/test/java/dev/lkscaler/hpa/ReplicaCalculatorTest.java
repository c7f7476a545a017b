package dev.lkscaler.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicaCalculatorTest {
  private static final Tolerances TOLERANCE = Tolerances.of(0.1);

  /**
   * lkscaler's value with a target of 1: the desired count, unless within 10 % of status.replicas.
   */
  @ParameterizedTest(name = "value {0} over {1} replicas -> {2}")
  @CsvSource({
    "6, 5, 6",
    // 1.1 is within 1 + 0.1 (Kubernetes 1.33+ compares the ratio, not |1 - ratio|)
    "11, 10, 10",
    "22, 20, 20",
    "12, 10, 12",
    // 0.9 is within 1 - 0.1
    "9, 10, 10",
    "8, 10, 8",
    "10, 11, 11",
    "3, 0, 3",
    "0, 0, 0",
    "0, 4, 0",
    "2.5, 1, 3",
  })
  void externalAverageValue(double value, int statusReplicas, int expected) {
    assertThat(ReplicaCalculator.externalAverageValue(value, 1, statusReplicas, TOLERANCE))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "value {0} over {1} replicas, tolerance down {2} up {3} -> {4}")
  @CsvSource({"11, 10, 0.1, 0.05, 11", "9, 10, 0.05, 0.1, 9", "105, 100, 0.1, 0.05, 100"})
  void externalAverageValueWithTolerancesOfItsOwn(
      double value, int statusReplicas, double down, double up, int expected) {
    assertThat(
            ReplicaCalculator.externalAverageValue(
                value, 1, statusReplicas, new Tolerances(down, up)))
        .isEqualTo(expected);
  }

  /** CPU at a 60 % target over pods that request one CPU each. */
  @ParameterizedTest(name = "ready {0}, {1} starting, {2} missing, {3} replicas -> {4}")
  @CsvSource(
      delimiter = ';',
      value = {
        "0.9 0.9; 0; 0; 2; 3",
        "0.6 0.64; 0; 0; 2; 2",
        "0.3 0.3 0.3; 0; 0; 3; 2",
        // utilization is truncated to a whole percent: 65.9 % is 65 %, within 10 % of 60
        "0.659; 0; 0; 1; 1",
        // 66 % over 60 % is 1.1: within the tolerance
        "0.66; 0; 0; 1; 1",
        "0.67; 0; 0; 1; 2",
        // starting pods count as 0 % on a scale-up: 45 % would reverse the direction, so hold
        "0.9 0.9; 2; 0; 4; 4",
        "0.9 0.9 0.9; 1; 0; 4; 5",
        // starting pods are left out of a scale-down
        "0.3 0.3; 2; 0; 4; 1",
        "; 2; 0; 2; -1",
        "; 0; 2; 2; -1",
        // docs, Algorithm details: a pod missing its metric counts as 100 % on a scale-down:
        // 10 % becomes 32 %, so 3 pods instead of 1
        "0.1 0.1 0.1; 0; 1; 4; 3",
        // ... and as 0 % on a scale-up: 100 % becomes 66 %, within the tolerance
        "1.0 1.0; 0; 1; 3; 3",
        "1.2 1.2 1.2; 0; 1; 4; 6",
        // ... and if that reverses the direction, the count stays
        "0.9 0.9 0.9; 0; 3; 6; 6",
        "0.3 0.3; 0; 2; 4; 4",
        // fewer pods than spec.replicas: a scale-up to fewer than spec.replicas holds
        "1.2 1.2; 0; 1; 5; 5",
        // missing and starting pods together on a scale-up: both count as 0 %
        "1.2 1.2 1.2; 1; 1; 5; 6",
        "1.5 1.5 1.5; 1; 1; 5; 8",
      })
  void cpuUtilization(String ready, int unready, int missing, int current, int expected) {
    List<Double> cpu =
        ready == null
            ? List.of()
            : Arrays.stream(ready.trim().split(" ")).map(Double::valueOf).toList();
    OptionalInt result =
        ReplicaCalculator.cpuUtilization(cpu, unready, missing, current, 60, TOLERANCE);
    assertThat(result.isPresent() ? result.getAsInt() : -1).isEqualTo(expected);
  }

  /** For a target above 100 %, a missing pod counts as the target on a scale-down. */
  @ParameterizedTest(name = "ready {0}, {1} missing, {2} replicas at 150 % -> {3}")
  @CsvSource(
      delimiter = ';',
      value = {"0.3 0.3; 1; 3; 2", "0.3 0.3; 2; 4; 3"})
  void cpuUtilizationAboveOneCpu(String ready, int missing, int current, int expected) {
    List<Double> cpu = Arrays.stream(ready.split(" ")).map(Double::valueOf).toList();
    assertThat(ReplicaCalculator.cpuUtilization(cpu, 0, missing, current, 150, TOLERANCE))
        .hasValue(expected);
  }
}
