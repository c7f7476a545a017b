package dev.lkscaler.hpa;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * KEDA and the HPA for one ScaledObject whose trigger is lkscaler, replayed over a series of
 * answers instead of live calls: KEDA's activation on each polling interval and the HPA's sync
 * every {@link #HPA_SYNC_PERIOD} seconds (AverageValue with a target of 1, the tolerance, the
 * behavior and its stabilization windows), through KEDA's fallback when an answer is missing. Pods
 * are taken as ready the moment the HPA asks for them. Pure: times are passed in.
 */
public final class ScaledObjectReplay {
  /** --horizontal-pod-autoscaler-sync-period, by default. */
  public static final double HPA_SYNC_PERIOD = 15;

  /** The target lkscaler gives the HPA: its metric is the desired replica count itself. */
  private static final double TARGET = 1;

  private final ScaledObjectSpec spec;
  private final HorizontalAutoscaler hpa;
  private final KedaActivation keda;
  private final KedaFallback fallback;
  private int replicas;
  private double nextPoll;
  private double nextSync;

  /**
   * @param start the time of the first answer; KEDA polls and the HPA syncs from there
   * @param replicas the target's replicas at the start
   */
  public ScaledObjectReplay(ScaledObjectSpec spec, double start, int replicas) {
    if (!spec.trigger().metricType().equals(ScaledObjectSpec.Trigger.AVERAGE_VALUE)) {
      throw new IllegalArgumentException(
          "triggers[0].metricType: the replay models AverageValue only. Found: "
              + spec.trigger().metricType());
    }
    this.spec = spec;
    this.hpa =
        new HorizontalAutoscaler(
            spec.behavior(),
            KedaActivation.hpaMinReplicas(spec.minReplicaCount()),
            spec.maxReplicaCount());
    // created long before the replay: no initial cooldown
    this.keda = KedaActivation.of(spec, Double.NEGATIVE_INFINITY);
    this.fallback = new KedaFallback(spec.fallback());
    this.replicas = replicas;
    this.nextPoll = start;
    this.nextSync = start;
  }

  /**
   * Runs every KEDA poll and HPA sync due before {@code until}, each seeing {@code answer}: what
   * lkscaler said for that stretch of time.
   *
   * @param answer the desired replicas and activity; empty when lkscaler answered UNAVAILABLE
   * @return the replicas at {@code until}
   */
  public int advance(double until, Optional<KedaFallback.Answer> answer) {
    while (Math.min(nextPoll, nextSync) < until) {
      if (nextPoll <= nextSync) {
        poll(nextPoll, answer);
        nextPoll += spec.pollingInterval();
      } else {
        sync(nextSync, answer);
        nextSync += HPA_SYNC_PERIOD;
      }
    }
    return replicas;
  }

  public int replicas() {
    return replicas;
  }

  private void poll(double at, Optional<KedaFallback.Answer> answer) {
    KedaFallback.Served served = fallback.serve(answer, replicas, TARGET);
    OptionalInt set = keda.check(at, replicas, served.answer().map(KedaFallback.Answer::active));
    if (set.isPresent()) {
      replicas = set.getAsInt();
    }
  }

  private void sync(double at, Optional<KedaFallback.Answer> answer) {
    KedaFallback.Served served = fallback.serve(answer, replicas, TARGET);
    OptionalInt proposal =
        served.answer().isPresent()
            ? OptionalInt.of(
                ReplicaCalculator.externalAverageValue(
                    served.answer().get().value(), TARGET, replicas, hpa.tolerances()))
            : OptionalInt.empty();
    HorizontalAutoscaler.Result result = hpa.sync(at, replicas, proposal);
    if (result.rescaled()) {
      replicas = result.replicas();
    }
  }
}
