package dev.lkscaler.grpc;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.decision.Outcome;
import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.proto.externalscaler.GetMetricSpecResponse;
import dev.lkscaler.proto.externalscaler.GetMetricsRequest;
import dev.lkscaler.proto.externalscaler.GetMetricsResponse;
import dev.lkscaler.proto.externalscaler.IsActiveResponse;
import dev.lkscaler.proto.externalscaler.MetricSpec;
import dev.lkscaler.proto.externalscaler.MetricValue;
import dev.lkscaler.proto.externalscaler.ScaledObjectRef;
import dev.lkscaler.scaling.ScalingShell;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * KEDA's ExternalScaler contract over the scaling shell: one call to it per RPC. StreamMetricSpec
 * is left to the base class, which answers UNIMPLEMENTED: our target is always 1, so there is
 * nothing to push.
 */
public final class ExternalScalerService extends ExternalScalerGrpc.ExternalScalerImplBase {
  private final ScalingShell scaling;
  private final ActiveStreams streams;
  private final ScheduledExecutorService scheduler;

  public ExternalScalerService(
      ScalingShell scaling, ActiveStreams streams, ScheduledExecutorService scheduler) {
    this.scaling = scaling;
    this.streams = streams;
    this.scheduler = scheduler;
  }

  /** Names the metric from the policy; asks Prometheus nothing. */
  @Override
  public void getMetricSpec(ScaledObjectRef ref, StreamObserver<GetMetricSpecResponse> observer) {
    String metricName;
    try {
      metricName =
          scaling.metricName(ref.getNamespace(), ref.getName(), ref.getScalerMetadataMap());
    } catch (RuntimeException e) {
      observer.onError(StatusMapper.toStatus(e).asRuntimeException());
      return;
    }
    observer.onNext(
        GetMetricSpecResponse.newBuilder()
            .addMetricSpecs(
                MetricSpec.newBuilder()
                    .setMetricName(metricName)
                    .setTargetSize(1)
                    .setTargetSizeFloat(1.0))
            .build());
    observer.onCompleted();
  }

  /** With AverageValue and a target of 1, the HPA asks for exactly this many replicas. */
  @Override
  public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> observer) {
    answer(
        request.getScaledObjectRef(),
        observer,
        decision ->
            GetMetricsResponse.newBuilder()
                .addMetricValues(
                    MetricValue.newBuilder()
                        .setMetricName(decision.metricName())
                        .setMetricValue(decision.desiredReplicas())
                        .setMetricValueFloat(decision.desiredReplicas()))
                .build());
  }

  @Override
  public void isActive(ScaledObjectRef ref, StreamObserver<IsActiveResponse> observer) {
    answer(
        ref,
        observer,
        decision -> IsActiveResponse.newBuilder().setResult(decision.active()).build());
  }

  @Override
  public void streamIsActive(ScaledObjectRef ref, StreamObserver<IsActiveResponse> observer) {
    ServerCallStreamObserver<IsActiveResponse> call =
        (ServerCallStreamObserver<IsActiveResponse>) observer;
    try {
      scaling.metricName(ref.getNamespace(), ref.getName(), ref.getScalerMetadataMap());
    } catch (RuntimeException e) {
      observer.onError(StatusMapper.toStatus(e).asRuntimeException());
      return;
    }
    // a stream's ticks run on the scheduler, past any deadline of the call that opened it
    ActivityStream stream =
        new ActivityStream(
            call,
            () ->
                scaling.decide(
                    ref.getNamespace(),
                    ref.getName(),
                    ref.getScalerMetadataMap(),
                    Optional.empty()),
            scheduler,
            scaling::refreshInterval,
            streams);
    streams.add(stream);
    call.setOnCancelHandler(stream::cancel);
    stream.start();
  }

  private <T> void answer(
      ScaledObjectRef ref, StreamObserver<T> observer, Function<Decision, T> reply) {
    CompletableFuture<Outcome> outcome;
    try {
      outcome =
          scaling.decide(
              ref.getNamespace(), ref.getName(), ref.getScalerMetadataMap(), callerBudget());
    } catch (RuntimeException e) {
      observer.onError(StatusMapper.toStatus(e).asRuntimeException());
      return;
    }
    outcome.whenComplete(
        (result, error) -> {
          try {
            if (error != null) {
              observer.onError(StatusMapper.toStatus(error).asRuntimeException());
            } else if (result.answer().isPresent()) {
              observer.onNext(reply.apply(result.answer().get()));
              observer.onCompleted();
            } else {
              observer.onError(StatusMapper.toStatus(result).asRuntimeException());
            }
          } catch (RuntimeException closed) {
            // the caller went away first; nothing to tell it
          }
        });
  }

  /** How long the caller waits; KEDA's poll path sets no deadline. */
  private static Optional<Duration> callerBudget() {
    Deadline deadline = Context.current().getDeadline();
    return deadline == null
        ? Optional.empty()
        : Optional.of(Duration.ofMillis(deadline.timeRemaining(TimeUnit.MILLISECONDS)));
  }
}
