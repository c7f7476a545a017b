package dev.lkscaler.policy;

import java.time.Duration;

/** Every default and bound of the policy file, in one place. docs/policy.md mirrors this. */
public final class Defaults {
  private Defaults() {}

  public static final Duration PROMETHEUS_TIMEOUT = Duration.ofSeconds(2);

  /** KEDA's HPA path gives a scaler 3 s; a query must finish before that. */
  public static final Duration PROMETHEUS_TIMEOUT_LIMIT = Duration.ofSeconds(3);

  public static final Duration CACHE_TTL = Duration.ofSeconds(5);
  public static final Duration LAST_KNOWN_GOOD_FOR = Duration.ofMinutes(2);

  public static final int MIN_REPLICAS = 0;
  public static final int MAX_REPLICAS = 1000;

  public static final double ACTIVATION_THRESHOLD = 0;

  public static final OnEmpty ON_EMPTY = OnEmpty.HOLD;

  /** LiveKit: agent workers report full at 0.7; scale up at 0.5. */
  public static final double SCALE_UP_AT = 0.5;

  public static final double OUT_OF_SERVICE_AT = 0.7;
  public static final int MIN_AVAILABLE = 1;

  public static final double TARGET_UTILIZATION = 0.5;

  public static final int MIN_IDLE = 1;

  /** A headroom series below this value is a busy pod. */
  public static final double IDLE_AT_LEAST = 0.5;
}
