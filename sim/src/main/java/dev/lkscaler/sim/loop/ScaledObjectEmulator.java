package dev.lkscaler.sim.loop;

import dev.lkscaler.hpa.HorizontalAutoscaler;
import dev.lkscaler.hpa.KedaActivation;
import dev.lkscaler.hpa.KedaFallback;
import dev.lkscaler.hpa.ReplicaCalculator;
import dev.lkscaler.hpa.ScaledObjectSpec;
import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.proto.externalscaler.GetMetricSpecResponse;
import dev.lkscaler.proto.externalscaler.GetMetricsRequest;
import dev.lkscaler.proto.externalscaler.IsActiveResponse;
import dev.lkscaler.proto.externalscaler.MetricValue;
import dev.lkscaler.proto.externalscaler.ScaledObjectRef;
import dev.lkscaler.sim.fleet.Component;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * KEDA and the HPA for one ScaledObject, driving lkscaler over real gRPC as they do: GetMetricSpec
 * then GetMetrics with IsActive on every polling interval (KEDA's loop: 0 to 1 and back) and on
 * every HPA sync (the AverageValue formula with its tolerance, then the behavior); a failed pair is
 * tried once more, and failures pass through KEDA's fallback. StreamIsActive for scale-from-zero,
 * with an external-push trigger only. Its settings come from the ScaledObject in the API server, as
 * KEDA reads them; its times are cluster seconds run at the clock's time scale, and each poll and
 * sync is stamped with its nominal time. One thread per ScaledObject, as the state of KEDA and of
 * the HPA belongs to one loop each.
 */
public final class ScaledObjectEmulator implements AutoCloseable {
  /** The HPA path's deadline: the metrics API server gives the operator 3 s. */
  static final long HPA_DEADLINE_MILLIS = 3000;

  /** KEDA's polling loop sends no deadline; this only bounds a stuck call. */
  static final long POLL_DEADLINE_MILLIS = 10_000;

  /** A failed GetMetricsAndActivity rebuilds the scaler and is tried once more. */
  static final int KEDA_ATTEMPTS = 2;

  /** The ScaledObjects are created before the run's clock starts. */
  private static final double CREATED_AT = Math.nextDown(0.0);

  private final Component component;
  private final MockCluster cluster;
  private final ExternalScalerGrpc.ExternalScalerBlockingStub blocking;
  private final ExternalScalerGrpc.ExternalScalerStub async;
  private final SimClock clock;
  private final Recorder recorder;
  private final ScaledObjectRef ref;
  private final ScheduledExecutorService executor;
  private HorizontalAutoscaler hpa;
  private KedaActivation keda;
  // one count of failures for the polling loop and the HPA's fetches, as in status.health
  private KedaFallback fallback;
  private SyncTimes polls;
  private SyncTimes syncs;
  private volatile boolean closed;
  private volatile Context.CancellableContext streamContext;
  // touched only on the executor's thread
  private double backoff = Autoscaling.STREAM_BACKOFF_MIN;

  /** The emulator of the component's ScaledObject in the rig's cluster, calling its lkscaler. */
  ScaledObjectEmulator(Component component, ClosedLoop.Rig rig) {
    this.component = component;
    this.cluster = rig.cluster();
    this.blocking = ExternalScalerGrpc.newBlockingStub(rig.channel());
    this.async = ExternalScalerGrpc.newStub(rig.channel());
    this.clock = rig.clock();
    this.recorder = rig.recorder();
    this.ref =
        ScaledObjectRef.newBuilder()
            .setNamespace(cluster.namespace())
            .setName(component.target())
            .putScalerMetadata("scalerAddress", rig.lkscaler().address())
            .putScalerMetadata("policy", component.target())
            .build();
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "keda-" + component.id());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Reads the ScaledObject, builds the HPA, opens the activity stream (external-push) and starts
   * both loops; the HPA sync runs half a period after the poll, as two unrelated controllers would.
   */
  public void start(double phaseSeconds) {
    ScaledObjectSpec spec = cluster.scaledObject(component);
    if (!spec.trigger().metricType().equals(ScaledObjectSpec.Trigger.AVERAGE_VALUE)) {
      throw new IllegalArgumentException(
          component.id() + ": the emulator models metricType AverageValue only");
    }
    metricSpec();
    hpa =
        new HorizontalAutoscaler(
            spec.behavior(),
            KedaActivation.hpaMinReplicas(spec.minReplicaCount()),
            spec.maxReplicaCount());
    keda = KedaActivation.of(spec, CREATED_AT);
    fallback = new KedaFallback(spec.fallback());
    if (spec.trigger().push()) {
      submit(this::openStream);
    }
    double syncPhase = phaseSeconds + Autoscaling.HPA_SYNC_PERIOD / 2.0;
    polls = new SyncTimes(phaseSeconds, spec.pollingInterval());
    syncs = new SyncTimes(syncPhase, Autoscaling.HPA_SYNC_PERIOD);
    long poll = clock.realMillis(spec.pollingInterval());
    long sync = clock.realMillis(Autoscaling.HPA_SYNC_PERIOD);
    executor.scheduleAtFixedRate(
        () -> guarded(this::poll), clock.realMillis(phaseSeconds), poll, TimeUnit.MILLISECONDS);
    executor.scheduleAtFixedRate(
        () -> guarded(this::hpaSync), clock.realMillis(syncPhase), sync, TimeUnit.MILLISECONDS);
  }

  private void guarded(Runnable task) {
    if (closed) {
      return;
    }
    try {
      task.run();
    } catch (RuntimeException e) {
      // an API server hiccup skips one round, as a controller's requeue would
      recorder.answer(
          new Answer(
              clock.now(), component, "emulator", "error", OptionalDouble.empty(), e.toString()));
    }
  }

  /** The target KEDA gives the HPA; lkscaler's is always 1. */
  private double metricSpec() {
    GetMetricSpecResponse spec =
        blocking.withDeadlineAfter(HPA_DEADLINE_MILLIS, TimeUnit.MILLISECONDS).getMetricSpec(ref);
    double target = spec.getMetricSpecs(0).getTargetSizeFloat();
    return target > 0 ? target : spec.getMetricSpecs(0).getTargetSize();
  }

  /**
   * KEDA's GetMetricsAndActivityForScaler: GetMetrics then IsActive, where either failing fails
   * both; a failure is tried once more.
   *
   * @param deadline the deadline of each attempt
   */
  private Optional<KedaFallback.Answer> metricsAndActivity(
      String caller, Supplier<Deadline> deadline) {
    for (int attempt = 1; ; attempt++) {
      Optional<KedaFallback.Answer> answer = metricsAndActivityOnce(caller, deadline.get());
      if (answer.isPresent() || attempt == KEDA_ATTEMPTS) {
        return answer;
      }
    }
  }

  private Optional<KedaFallback.Answer> metricsAndActivityOnce(String caller, Deadline deadline) {
    double t = clock.now();
    try {
      MetricValue value =
          blocking
              .withDeadline(deadline)
              .getMetrics(
                  GetMetricsRequest.newBuilder()
                      .setScaledObjectRef(ref)
                      .setMetricName(component.target())
                      .build())
              .getMetricValues(0);
      double number =
          value.getMetricValueFloat() > 0 ? value.getMetricValueFloat() : value.getMetricValue();
      recorder.answer(
          new Answer(t, component, caller, "GetMetrics", OptionalDouble.of(number), ""));
      boolean active = blocking.withDeadline(deadline).isActive(ref).getResult();
      recorder.answer(
          new Answer(t, component, caller, "IsActive", OptionalDouble.of(active ? 1 : 0), ""));
      return Optional.of(new KedaFallback.Answer(number, active));
    } catch (StatusRuntimeException e) {
      recorder.answer(
          new Answer(
              t,
              component,
              caller,
              "GetMetrics",
              OptionalDouble.empty(),
              e.getStatus().getCode().name()));
      return Optional.empty();
    }
  }

  private void poll() {
    double at = polls.stamp(clock.now());
    double target = metricSpec();
    Optional<KedaFallback.Answer> answer =
        metricsAndActivity(
            "poll", () -> Deadline.after(POLL_DEADLINE_MILLIS, TimeUnit.MILLISECONDS));
    MockCluster.Scale scale = cluster.scale(component);
    KedaFallback.Served served = fallback.serve(answer, scale.spec(), target);
    Optional<Boolean> active = served.answer().map(KedaFallback.Answer::active);
    OptionalInt set = keda.check(at, scale.spec(), active);
    if (set.isPresent() && set.getAsInt() != scale.spec()) {
      String why = active.isEmpty() ? "failed" : active.get() ? "active" : "inactive";
      scaleTo(scale.spec(), set.getAsInt(), "keda", why + (served.fallback() ? " (fallback)" : ""));
    }
  }

  private void hpaSync() {
    double at = syncs.stamp(clock.now());
    double target = metricSpec();
    // the metrics API server gives the whole fetch, retry included, one deadline
    Deadline deadline = Deadline.after(HPA_DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    Optional<KedaFallback.Answer> answer = metricsAndActivity("hpa", () -> deadline);
    MockCluster.Scale scale = cluster.scale(component);
    KedaFallback.Served served = fallback.serve(answer, scale.spec(), target);
    OptionalInt proposal =
        served.answer().isPresent()
            ? OptionalInt.of(
                ReplicaCalculator.externalAverageValue(
                    served.answer().get().value(), target, scale.status(), hpa.tolerances()))
            : OptionalInt.empty();
    HorizontalAutoscaler.Result result = hpa.sync(at, scale.spec(), proposal);
    if (result.rescaled()) {
      scaleTo(
          scale.spec(),
          result.replicas(),
          "hpa",
          result.reason() + (served.fallback() ? " (KEDA fallback)" : ""));
    }
  }

  private void scaleTo(int from, int to, String by, String reason) {
    cluster.setSpecReplicas(component, to);
    recorder.action(new ScaleAction(clock.now(), "lkscaler", component, from, to, by, reason));
  }

  /**
   * StreamIsActive (external-push): a pushed true wakes a target at 0 at once; KEDA ignores a
   * pushed false.
   */
  private void openStream() {
    if (closed) {
      return;
    }
    streamContext = Context.current().withCancellation();
    streamContext.run(
        () ->
            async.streamIsActive(
                ref,
                new StreamObserver<>() {
                  @Override
                  public void onNext(IsActiveResponse response) {
                    submit(
                        () -> {
                          backoff = Autoscaling.STREAM_BACKOFF_MIN;
                          guarded(() -> pushed(response.getResult()));
                        });
                  }

                  @Override
                  public void onError(Throwable error) {
                    submit(() -> reconnect(false));
                  }

                  @Override
                  public void onCompleted() {
                    submit(() -> reconnect(true));
                  }
                }));
  }

  /** KEDA's back-off: 2 s doubling to 60 s; a clean end of the stream starts again at 2 s. */
  private void reconnect(boolean clean) {
    if (clean) {
      backoff = Autoscaling.STREAM_BACKOFF_MIN;
    }
    double wait = backoff;
    backoff = Math.min(Autoscaling.STREAM_BACKOFF_MAX, backoff * 2);
    try {
      executor.schedule(this::openStream, clock.realMillis(wait), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      // closed meanwhile
    }
  }

  private void submit(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException stopping) {
      // closed meanwhile
    }
  }

  private void pushed(boolean active) {
    recorder.answer(
        new Answer(
            clock.now(), component, "stream", "IsActive", OptionalDouble.of(active ? 1 : 0), ""));
    if (!active) {
      return;
    }
    MockCluster.Scale scale = cluster.scale(component);
    OptionalInt set = keda.check(clock.now(), scale.spec(), Optional.of(true));
    if (set.isPresent() && set.getAsInt() != scale.spec()) {
      scaleTo(scale.spec(), set.getAsInt(), "keda", "pushed active");
    }
  }

  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
    if (streamContext != null) {
      streamContext.cancel(null);
    }
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
