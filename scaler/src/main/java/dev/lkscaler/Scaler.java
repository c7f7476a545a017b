package dev.lkscaler;

import dev.lkscaler.grpc.ActiveStreams;
import dev.lkscaler.grpc.ExternalScalerService;
import dev.lkscaler.grpc.GrpcServer;
import dev.lkscaler.http.HttpEndpoints;
import dev.lkscaler.metrics.ScalerMetrics;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.prometheus.PrometheusClient;
import dev.lkscaler.prometheus.QueryCache;
import dev.lkscaler.scaling.LastKnownGoodStore;
import dev.lkscaler.scaling.ScalingService;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** The composition root: builds every part once and passes it on by constructor. */
public final class Scaler {
  private static final Logger log = LoggerFactory.getLogger(Scaler.class);

  private final GrpcServer grpc;
  private final HttpEndpoints http;
  private final ScheduledExecutorService scheduler;

  private Scaler(GrpcServer grpc, HttpEndpoints http, ScheduledExecutorService scheduler) {
    this.grpc = grpc;
    this.http = http;
    this.scheduler = scheduler;
  }

  /** Builds and starts the scaler for a valid policy set; port 0 picks a free port. */
  public static Scaler start(PolicySet policies, int grpcPort, int httpPort) throws IOException {
    return start(policies, NettyServerBuilder.forPort(grpcPort), new InetSocketAddress(httpPort), Clock.systemUTC());
  }

  static Scaler start(PolicySet policies, ServerBuilder<?> grpcBuilder, InetSocketAddress httpAddress, Clock clock)
      throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    ScalerMetrics metrics = new ScalerMetrics(registry);
    HttpClient httpClient =
        HttpClient.newBuilder()
            .connectTimeout(policies.prometheus().timeout())
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    PrometheusClient prometheus =
        new PrometheusClient(httpClient, policies.prometheus(), JsonMapper.builder().build(), metrics);
    QueryCache cache = new QueryCache(prometheus::query, clock, policies.cache().ttl());
    ScalingService scaling =
        new ScalingService(() -> policies, cache, new LastKnownGoodStore(clock), clock, metrics);
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "stream-ticks");
              thread.setDaemon(true);
              return thread;
            });
    ActiveStreams streams = new ActiveStreams();
    ExternalScalerService service = new ExternalScalerService(scaling, streams, scheduler, clock);
    GrpcServer grpc = new GrpcServer(grpcBuilder, service, streams, new HealthStatusManager(), metrics).start();
    HttpEndpoints http = new HttpEndpoints(httpAddress, registry, grpc::serving).start();
    log.atInfo()
        .addKeyValue("grpcPort", grpc.port())
        .addKeyValue("httpPort", http.port())
        .addKeyValue("policies", String.join(",", policies.policies().keySet()))
        .log("lkscaler serving gRPC on port {} and HTTP on port {}, policies {}", grpc.port(), http.port(),
            String.join(", ", policies.policies().keySet()));
    return new Scaler(grpc, http, scheduler);
  }

  public int grpcPort() {
    return grpc.port();
  }

  public int httpPort() {
    return http.port();
  }

  /** Graceful stop: refuse new calls, finish those in flight, then release everything. */
  public void stop(Duration grace) {
    log.info("stopping: no new calls, waiting up to {} for calls in flight", grace);
    try {
      grpc.stop(grace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.stop();
    scheduler.shutdownNow();
    log.info("stopped");
  }

  public void awaitTermination() throws InterruptedException {
    grpc.awaitTermination();
  }
}
