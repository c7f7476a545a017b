package dev.lkscaler.policy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records built in code are checked against the same key definitions as the parser's values, and a
 * key's default against its own type and bounds.
 */
class PolicyKeysTest {
  private static final QueryTemplate Q = QueryTemplate.parse("q").template();

  static Stream<Arguments> recordsRejectWhatTheKeysForbid() {
    return Stream.of(
        Arguments.of(
            (ThrowingCallable) () -> new Signal.Utilization("u", Q, OnEmpty.HOLD, 0.8, 0.7, 1),
            "scaleUpAt: expected a number in (0, outOfServiceAt). Found: 0.8"),
        Arguments.of(
            (ThrowingCallable) () -> new Signal.Utilization("u", Q, OnEmpty.HOLD, 0.5, 0.7, -1),
            "minAvailable: expected an integer >= 0. Found: -1"),
        Arguments.of(
            (ThrowingCallable)
                () -> new Signal.Capacity("c", Q, OnEmpty.HOLD, Double.POSITIVE_INFINITY, 0.5),
            "capacityPerReplica: expected a finite number. Found: Infinity"),
        Arguments.of(
            (ThrowingCallable) () -> new Signal.Capacity("c", Q, OnEmpty.HOLD, 0, 0.5),
            "capacityPerReplica: expected a number > 0. Found: 0"),
        Arguments.of(
            (ThrowingCallable) () -> new Signal.Capacity("c", Q, OnEmpty.HOLD, 10, 1.5),
            "targetUtilization: expected a number in (0, 1]. Found: 1.5"),
        Arguments.of(
            (ThrowingCallable) () -> new Signal.Headroom("h", Q, OnEmpty.HOLD, -1),
            "minIdle: expected an integer >= 0. Found: -1"),
        Arguments.of(
            (ThrowingCallable)
                () -> new Lookahead(Duration.ofMinutes(2), Duration.ZERO, Duration.ofSeconds(15)),
            "horizon: expected a duration in (0s, 10m]. Found: 0s"),
        Arguments.of(
            (ThrowingCallable)
                () ->
                    new Lookahead(
                        Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofSeconds(10)),
            "step: expected a duration in (0s, window). Found: 10s"),
        Arguments.of(
            (ThrowingCallable) () -> new Demand(Q, Q, -1),
            "perReplica: expected a number > 0. Found: -1"),
        Arguments.of(
            (ThrowingCallable) () -> policy(5, 3),
            "maxReplicas: expected an integer >= minReplicas (5). Found: 3"),
        Arguments.of(
            (ThrowingCallable) () -> policy(0, 0),
            "maxReplicas: expected an integer >= 1. Found: 0"),
        Arguments.of(
            (ThrowingCallable)
                () -> PolicyKeys.MAX_REPLICAS.require(2, Map.of(PolicyKeys.MIN_REPLICAS, 3)),
            "maxReplicas: expected an integer >= minReplicas (3). Found: 2"),
        Arguments.of(
            (ThrowingCallable)
                () ->
                    Key.of(
                        "a.b", ValueType.INTEGER, Key.byDefault(-1), Bound.atLeast(0), "Meaning."),
            "a.b: the default -1 is not valid"),
        Arguments.of(
            (ThrowingCallable)
                () -> Key.of("a.b", ValueType.DURATION, Key.byDefault(5), Bound.none(), "Meaning."),
            "a.b: the default 5 is not valid"));
  }

  private static Policy policy(int minReplicas, int maxReplicas) {
    return new Policy(
        "a",
        minReplicas,
        maxReplicas,
        Optional.empty(),
        List.of(new Signal.Headroom("h", Q, OnEmpty.HOLD, 1)));
  }

  @ParameterizedTest
  @MethodSource
  void recordsRejectWhatTheKeysForbid(ThrowingCallable build, String message) {
    assertThatThrownBy(build).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
