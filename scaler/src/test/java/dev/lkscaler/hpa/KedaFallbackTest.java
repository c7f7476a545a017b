package dev.lkscaler.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * KEDA's fallback in front of the HPA, target 1, spec = status replicas. Steps are {@code
 * call@replicas=result}: the call is {@code x} (it failed) or the metric value; the result is the
 * count the HPA's AverageValue formula proposes, or the replicas it holds at when the call fails,
 * then {@code /} and the activity KEDA's polling loop sees (T, F, or - for an error).
 */
class KedaFallbackTest {
  @ParameterizedTest(name = "{0} {1} {2}: {3}")
  @CsvSource({
    // the 4th failure in a row exceeds failureThreshold 3; never below the current count
    "3, 4, currentReplicasIfHigher, x@2=2/- x@2=2/- x@2=2/- x@2=4/T x@6=6/T",
    // a success resets the count
    "3, 4, currentReplicasIfHigher, x@2=2/- x@2=2/- 3@2=3/T x@3=3/- x@3=3/- x@3=3/- x@3=4/T",
    "3, 4, static, x@2=2/- x@2=2/- x@2=2/- x@6=4/T",
    "3, 4, currentReplicas, x@2=2/- x@2=2/- x@2=2/- x@6=6/T x@1=1/T",
    "3, 4, currentReplicasIfLower, x@2=2/- x@2=2/- x@2=2/- x@6=4/T x@2=2/T",
    "0, 5, static, x@2=5/T",
    // replicas 0 serves 0, which the HPA's minReplicas then bounds
    "1, 0, static, x@3=3/- x@3=0/T",
  })
  void steps(int failureThreshold, int replicas, String mode, String script) {
    KedaFallback fallback =
        new KedaFallback(
            Optional.of(new Fallback(failureThreshold, replicas, Fallback.Mode.fromWire(mode))));
    assertThat(run(fallback, script)).isEqualTo(script);
  }

  @ParameterizedTest(name = "without a fallback: {0}")
  @CsvSource({"x@2=2/- x@2=2/- x@2=2/- x@2=2/- x@2=2/- 0@2=0/F"})
  void withoutAFallbackErrorsPassThrough(String script) {
    assertThat(run(new KedaFallback(Optional.empty()), script)).isEqualTo(script);
  }

  private static String run(KedaFallback fallback, String script) {
    List<String> actual = new ArrayList<>();
    for (String step : script.split(" ")) {
      String call = step.substring(0, step.indexOf('@'));
      int replicas = Integer.parseInt(step.substring(step.indexOf('@') + 1, step.indexOf('=')));
      Optional<KedaFallback.Answer> scaler =
          call.equals("x")
              ? Optional.empty()
              : Optional.of(new KedaFallback.Answer(Double.parseDouble(call), !call.equals("0")));
      KedaFallback.Served served = fallback.serve(scaler, replicas, 1);
      int result =
          served
              .answer()
              .map(
                  a ->
                      ReplicaCalculator.externalAverageValue(
                          a.value(), 1, replicas, Tolerances.of(Tolerances.CLUSTER_DEFAULT)))
              .orElse(replicas);
      String active = served.answer().map(a -> a.active() ? "T" : "F").orElse("-");
      actual.add(call + "@" + replicas + "=" + result + "/" + active);
    }
    return String.join(" ", actual);
  }
}
