package dev.lkscaler.grpc;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.proto.externalscaler.GetMetricSpecResponse;
import dev.lkscaler.proto.externalscaler.GetMetricsRequest;
import dev.lkscaler.proto.externalscaler.GetMetricsResponse;
import dev.lkscaler.proto.externalscaler.IsActiveResponse;
import dev.lkscaler.proto.externalscaler.MetricSpec;
import dev.lkscaler.proto.externalscaler.MetricValue;
import dev.lkscaler.proto.externalscaler.ScaledObjectRef;
import dev.lkscaler.scaling.ScaleTarget;
import dev.lkscaler.scaling.ScalingService;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * KEDA's ExternalScaler contract over the scaling service. StreamMetricSpec is left to the base
 * class, which answers UNIMPLEMENTED: our target is always 1, so there is nothing to push.
 */
public final class ExternalScalerService extends ExternalScalerGrpc.ExternalScalerImplBase {
  private final ScalingService scaling;
  private final ActiveStreams streams;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;

  public ExternalScalerService(
      ScalingService scaling,
      ActiveStreams streams,
      ScheduledExecutorService scheduler,
      Clock clock) {
    this.scaling = scaling;
    this.streams = streams;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /** Pure: names the metric from the policy; asks Prometheus nothing. */
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
        (target, decision) ->
            GetMetricsResponse.newBuilder()
                .addMetricValues(
                    MetricValue.newBuilder()
                        .setMetricName(target.metricName())
                        .setMetricValue(decision.desiredReplicas())
                        .setMetricValueFloat(decision.desiredReplicas()))
                .build());
  }

  @Override
  public void isActive(ScaledObjectRef ref, StreamObserver<IsActiveResponse> observer) {
    answer(
        ref,
        observer,
        (target, decision) -> IsActiveResponse.newBuilder().setResult(decision.active()).build());
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
    ActivityStream stream =
        new ActivityStream(
            call,
            () -> {
              ScaleTarget target = resolve(ref);
              return scaling.decide(target, deadline());
            },
            scheduler,
            scaling::refreshInterval,
            streams);
    streams.add(stream);
    call.setOnCancelHandler(stream::cancel);
    stream.start();
  }

  private <T> void answer(
      ScaledObjectRef ref,
      StreamObserver<T> observer,
      java.util.function.BiFunction<ScaleTarget, Decision, T> reply) {
    ScaleTarget target;
    CompletableFuture<Decision> decision;
    try {
      target = resolve(ref);
      decision = scaling.decide(target, deadline());
    } catch (RuntimeException e) {
      observer.onError(StatusMapper.toStatus(e).asRuntimeException());
      return;
    }
    decision.whenComplete(
        (result, error) -> {
          try {
            if (error != null) {
              observer.onError(StatusMapper.toStatus(error).asRuntimeException());
            } else {
              observer.onNext(reply.apply(target, result));
              observer.onCompleted();
            }
          } catch (RuntimeException closed) {
            // the caller went away first; nothing to tell it
          }
        });
  }

  private ScaleTarget resolve(ScaledObjectRef ref) {
    return scaling.resolve(ref.getNamespace(), ref.getName(), ref.getScalerMetadataMap());
  }

  private Instant deadline() {
    return CallDeadlines.answerBy(clock, scaling.queryTimeout());
  }
}
