package dev.lkscaler.grpc;

import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The gRPC server: the scaler, health and reflection, with a graceful stop. */
public final class GrpcServer {
  /** Told of each call: when the service has taken it, and when it is answered; for metrics. */
  public interface CallObserver {
    /** The service has taken the call and its answer is pending. */
    void inFlight(String method);

    /**
     * The call ended with this status code.
     *
     * @param wasInFlight whether {@link #inFlight} was told of it
     */
    void answered(String method, String code, boolean wasInFlight);
  }

  private final Server server;
  private final HealthStatusManager health;
  private final ActiveStreams streams;
  private final AtomicBoolean serving = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();

  public GrpcServer(
      ServerBuilder<?> builder,
      ExternalScalerService scaler,
      ActiveStreams streams,
      HealthStatusManager health,
      CallObserver calls) {
    this.health = health;
    this.streams = streams;
    this.server =
        builder
            .addService(ServerInterceptors.intercept(scaler, new CountingInterceptor(calls)))
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance())
            .build();
  }

  /** A health service name that is SERVING while the process runs, for liveness probes. */
  public static final String LIVENESS_SERVICE = "lkscaler.liveness";

  /**
   * Opens the port. Health says NOT_SERVING until {@link #markServing()}, except the liveness
   * service: a pod without a valid policy is not ready, but restarting it would not help.
   */
  public GrpcServer start() throws IOException {
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
    health.setStatus(ExternalScalerGrpc.SERVICE_NAME, ServingStatus.NOT_SERVING);
    health.setStatus(LIVENESS_SERVICE, ServingStatus.SERVING);
    server.start();
    return this;
  }

  /** A policy is in force: health turns SERVING. */
  public void markServing() {
    if (serving.compareAndSet(false, true)) {
      health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
      health.setStatus(ExternalScalerGrpc.SERVICE_NAME, ServingStatus.SERVING);
    }
  }

  public int port() {
    return server.getPort();
  }

  /** Serving and not stopping: what /readyz reports. */
  public boolean serving() {
    return serving.get() && !stopping.get();
  }

  /**
   * Refuses new calls, ends open streams, lets unary calls in flight finish within the grace
   * period.
   */
  public void stop(Duration grace) throws InterruptedException {
    stopping.set(true);
    health.enterTerminalState();
    server.shutdown();
    streams.completeAll();
    if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      server.shutdownNow();
      server.awaitTermination(1, TimeUnit.SECONDS);
    }
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Counts each call by method and status code, and keeps the calls in flight: from when the
   * service has taken the call until its answer.
   */
  private static final class CountingInterceptor implements ServerInterceptor {
    private final CallObserver calls;

    CountingInterceptor(CallObserver calls) {
      this.calls = calls;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      Call counted = new Call(call.getMethodDescriptor().getBareMethodName(), calls);
      ServerCall.Listener<Q> listener =
          next.startCall(
              new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                  counted.answered(status.getCode());
                  super.close(status, trailers);
                }
              },
              headers);
      return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
        @Override
        public void onHalfClose() {
          // the service runs here; once it returns, the call waits for its answer (or has it)
          super.onHalfClose();
          counted.taken();
        }

        @Override
        public void onCancel() {
          // a caller that hangs up (a stream KEDA re-opens) never reaches close()
          counted.answered(Status.Code.CANCELLED);
          super.onCancel();
        }
      };
    }
  }

  /** One call: counted once when it ends, in flight between the service taking it and its end. */
  private static final class Call {
    private final String method;
    private final CallObserver calls;
    private boolean inFlight;
    private boolean ended;

    Call(String method, CallObserver calls) {
      this.method = method;
      this.calls = calls;
    }

    synchronized void taken() {
      if (!ended) {
        inFlight = true;
        calls.inFlight(method);
      }
    }

    synchronized void answered(Status.Code code) {
      if (ended) {
        return;
      }
      ended = true;
      calls.answered(method, code.name(), inFlight);
    }
  }
}
