package dev.lkscaler;

import dev.lkscaler.grpc.ActiveStreams;
import dev.lkscaler.grpc.ExternalScalerService;
import dev.lkscaler.grpc.GrpcServer;
import dev.lkscaler.http.HttpEndpoints;
import dev.lkscaler.kubernetes.ConfigMapPolicySource;
import dev.lkscaler.kubernetes.KubernetesScaleTargets;
import dev.lkscaler.kubernetes.RejectionEvents;
import dev.lkscaler.kubernetes.ScaleSubresources;
import dev.lkscaler.metrics.ScalerMetrics;
import dev.lkscaler.prometheus.HttpClients;
import dev.lkscaler.prometheus.PrometheusClient;
import dev.lkscaler.prometheus.PrometheusLoadReader;
import dev.lkscaler.reload.FilePolicySource;
import dev.lkscaler.reload.PolicyStore;
import dev.lkscaler.scaling.PolicyGauges;
import dev.lkscaler.scaling.ScaleTargets;
import dev.lkscaler.scaling.ScalingShell;
import dev.lkscaler.tls.TlsFiles;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.protobuf.services.HealthStatusManager;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The composition root: builds every part once and passes it on by constructor. */
public final class Scaler {
  /** How often a policy file is read again. */
  static final Duration FILE_CHECK_INTERVAL = Duration.ofSeconds(1);

  /** How often /scale subresources of other kinds are read, and when unasked ones are forgotten. */
  static final Duration SCALE_REFRESH = Duration.ofSeconds(15);

  static final Duration SCALE_FORGET_AFTER = Duration.ofMinutes(10);

  /** A ScaledObject silent this long is taken as deleted: its series and last good decision go. */
  static final Duration FORGET_IDLE_AFTER = Duration.ofMinutes(15);

  private static final Logger log = LoggerFactory.getLogger(Scaler.class);

  /** Where the policy comes from. */
  public sealed interface PolicySource permits FromFile, FromConfigMap {}

  /** A file, read again every second; a mounted ConfigMap works too. */
  public record FromFile(Path path) implements PolicySource {}

  /** A ConfigMap key, watched through the Kubernetes API. */
  public record FromConfigMap(String namespace, String name, String key) implements PolicySource {}

  /**
   * PEM files for gRPC over TLS; with a client CA, clients must present a certificate it signed.
   */
  public record Tls(Path certificate, Path privateKey, Optional<Path> clientCa) {}

  /** What serve was asked to do; port 0 picks a free port. */
  public record Settings(PolicySource source, int grpcPort, int httpPort, Optional<Tls> tls) {
    public Settings(PolicySource source, int grpcPort, int httpPort) {
      this(source, grpcPort, httpPort, Optional.empty());
    }
  }

  private final GrpcServer grpc;
  private final HttpEndpoints http;
  private final ScheduledExecutorService scheduler;
  private final Resources closeables;

  private Scaler(
      GrpcServer grpc,
      HttpEndpoints http,
      ScheduledExecutorService scheduler,
      Resources closeables) {
    this.grpc = grpc;
    this.http = http;
    this.scheduler = scheduler;
    this.closeables = closeables;
  }

  /** Builds and starts the scaler. It closes the Kubernetes client when it stops. */
  public static Scaler start(Settings settings, Optional<KubernetesClient> kubernetes, Clock clock)
      throws IOException {
    return startWith(
        settings, kubernetes.map(client -> (Supplier<KubernetesClient>) () -> client), clock);
  }

  /**
   * Builds and starts the scaler; the Kubernetes client is built on a thread of its own, while the
   * servers start, and closed when the scaler stops.
   */
  public static Scaler start(Settings settings, Supplier<KubernetesClient> kubernetes, Clock clock)
      throws IOException {
    return startWith(settings, Optional.of(kubernetes), clock);
  }

  private static Scaler startWith(
      Settings settings, Optional<Supplier<KubernetesClient>> kubernetes, Clock clock)
      throws IOException {
    if (settings.source() instanceof FromConfigMap && kubernetes.isEmpty()) {
      throw new IllegalArgumentException("a ConfigMap policy needs a Kubernetes client");
    }
    PrometheusRegistry registry = new PrometheusRegistry();
    ScalerMetrics metrics = new ScalerMetrics(registry);
    TlsFiles tlsFiles = new TlsFiles(tlsEvents(metrics), clock, TLS_CHECK_INTERVAL);
    // The handlers never block (answers come from futures): a work-stealing pool of one thread
    // per core serves them, rather than gRPC's default of a thread per call in flight. Not the
    // event loop itself: KEDA sends every call over one connection, which one loop thread serves.
    ExecutorService handlers = handlerPool();
    NettyServerBuilder grpcBuilder =
        NettyServerBuilder.forPort(settings.grpcPort()).executor(handlers);
    if (settings.tls().isPresent()) {
      grpcBuilder.sslContext(sslContext(settings.tls().get(), tlsFiles));
    }
    return start(
        settings.source(),
        grpcBuilder,
        handlers,
        new InetSocketAddress(settings.httpPort()),
        kubernetes,
        clock,
        registry,
        metrics,
        tlsFiles);
  }

  private static ExecutorService handlerPool() {
    AtomicInteger count = new AtomicInteger();
    return new ForkJoinPool(
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        pool -> {
          ForkJoinWorkerThread thread =
              ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
          thread.setName("lkscaler-grpc-" + count.incrementAndGet());
          return thread;
        },
        null,
        true);
  }

  /** How often TLS files are looked at for a rotation, at most: on the next handshake after. */
  static final Duration TLS_CHECK_INTERVAL = Duration.ofSeconds(1);

  private static TlsFiles.Listener tlsEvents(ScalerMetrics metrics) {
    return new TlsFiles.Listener() {
      @Override
      public void reloaded(String what) {
        metrics.tlsReload("applied");
        log.info("TLS: took the rotated {}", what);
      }

      @Override
      public void rejected(String what, String problem) {
        metrics.tlsReload("rejected");
        log.warn("TLS: kept the files in use; the rotated {} do not load: {}", what, problem);
      }
    };
  }

  /**
   * The server's context over PEM files that may rotate: the JDK's TLS, which asks the key and
   * trust managers at each handshake, so new connections see a rotated certificate and open ones
   * keep theirs.
   */
  private static SslContext sslContext(Tls tls, TlsFiles files) throws IOException {
    SslContextBuilder builder =
        GrpcSslContexts.configure(
            SslContextBuilder.forServer(files.keyManager(tls.certificate(), tls.privateKey())),
            SslProvider.JDK);
    if (tls.clientCa().isPresent()) {
      builder.trustManager(files.trustManager(tls.clientCa().get())).clientAuth(ClientAuth.REQUIRE);
    }
    // KEDA speaks TLS 1.2 at least
    return builder.protocols("TLSv1.3", "TLSv1.2").build();
  }

  static Scaler start(
      PolicySource source,
      ServerBuilder<?> grpcBuilder,
      ExecutorService handlers,
      InetSocketAddress httpAddress,
      Optional<Supplier<KubernetesClient>> kubernetes,
      Clock clock,
      PrometheusRegistry registry,
      ScalerMetrics metrics,
      TlsFiles tlsFiles)
      throws IOException {
    Resources closeables = new Resources();
    // closed after the gRPC server has stopped: calls in flight finish on it
    closeables.add(handlers::shutdown);
    metrics.prometheusResults(PrometheusClient.RESULTS);
    ScheduledExecutorService scheduler =
        Executors.newScheduledThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "lkscaler-scheduler");
              thread.setDaemon(true);
              return thread;
            });
    // JMX takes a tenth of a second to start: not on the way to ready
    scheduler.execute(() -> JvmMetrics.builder().register(registry));
    PolicyStore store = new PolicyStore(metrics::policyReload, metrics::policySourceAvailable);

    ScaleTargets targets = ScaleTargets.UNTRACKED;
    if (kubernetes.isPresent()) {
      KubernetesScaleTargets informed = new KubernetesScaleTargets(metrics::watching, clock);
      closeables.add(informed);
      targets = informed;
      // Replica tracking starts with the first policy, off the way to ready: no decision needs
      // it before, and its first lists (every Deployment's and StatefulSet's) would compete with
      // the policy ConfigMap's on a small CPU.
      store.addListener((previous, current) -> scheduler.execute(informed::start));
      // Building the client takes a good part of a second: on its own thread, while the servers
      // start; the ConfigMap's watch starts as soon as it is built.
      Thread connecting =
          new Thread(
              () ->
                  connect(
                      kubernetes.get(),
                      source,
                      informed,
                      store,
                      metrics,
                      scheduler,
                      closeables,
                      clock),
              "lkscaler-kubernetes-start");
      connecting.setDaemon(true);
      connecting.start();
    }
    ObjectMapper json = JsonMapper.builder().build();
    HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    PrometheusClient prometheus =
        new PrometheusClient(
            new HttpClients(httpClient, tlsFiles),
            json,
            (result, took) -> metrics.prometheusRequest(result, took.toNanos() / 1e9),
            System::getenv,
            clock);
    PrometheusLoadReader reader = new PrometheusLoadReader(prometheus::query, clock);
    ScalingShell scaling =
        new ScalingShell(store::current, store::problem, targets, reader, metrics, clock);
    scheduler.scheduleWithFixedDelay(
        () -> scaling.forgetIdle(FORGET_IDLE_AFTER), 1, 1, java.util.concurrent.TimeUnit.MINUTES);
    ActiveStreams streams = new ActiveStreams();
    ExternalScalerService service = new ExternalScalerService(scaling, streams, scheduler);
    GrpcServer grpc =
        new GrpcServer(
                grpcBuilder, service, streams, new HealthStatusManager(), callMetrics(metrics))
            .start();
    HttpEndpoints http =
        new HttpEndpoints(
                httpAddress,
                registry,
                () -> store.current().isPresent() && grpc.serving(),
                scaling::recentDecisions,
                json,
                clock)
            .start();

    store.addListener(
        (previous, current) -> {
          PolicyGauges.show(metrics, previous, current);
          grpc.markServing();
        });
    if (source instanceof FromFile file) {
      closeables.add(
          new FilePolicySource(file.path(), store, scheduler, FILE_CHECK_INTERVAL).start());
    }
    log.atInfo()
        .addKeyValue("grpcPort", grpc.port())
        .addKeyValue("httpPort", http.port())
        .log(
            "lkscaler listening: gRPC on port {}, HTTP on port {}; policy from {}; replicas {}",
            grpc.port(),
            http.port(),
            describe(source),
            kubernetes.isPresent() ? "from the Kubernetes API" : "not tracked (no Kubernetes API)");
    if (store.current().isEmpty()) {
      log.warn("not serving yet: {}", store.problem());
    }
    return new Scaler(grpc, http, scheduler, closeables);
  }

  /**
   * Builds the Kubernetes client, then what needs it: replica tracking and, for a ConfigMap policy,
   * its watch.
   */
  private static void connect(
      Supplier<KubernetesClient> factory,
      PolicySource source,
      KubernetesScaleTargets informed,
      PolicyStore store,
      ScalerMetrics metrics,
      ScheduledExecutorService scheduler,
      Resources closeables,
      Clock clock) {
    KubernetesClient client;
    try {
      client = factory.get();
    } catch (RuntimeException e) {
      log.error("cannot build the Kubernetes client: {}", e.toString());
      if (source instanceof FromConfigMap configMap) {
        store.unavailable(
            "configmap " + configMap.namespace() + "/" + configMap.name(),
            "cannot build the Kubernetes client: " + e);
      }
      return;
    }
    ScaleSubresources otherKinds =
        new ScaleSubresources(
                client,
                new ScaleSubresources.Refresh(scheduler, clock, SCALE_REFRESH, SCALE_FORGET_AFTER))
            .start();
    informed.connect(client, otherKinds);
    if (source instanceof FromConfigMap configMap) {
      RejectionEvents events = new RejectionEvents(client, clock, instanceName());
      closeables.add(
          new ConfigMapPolicySource(
                  client,
                  configMap.namespace(),
                  configMap.name(),
                  configMap.key(),
                  store,
                  events,
                  metrics::watching,
                  clock)
              .start());
    }
    // last, so that it closes after what uses it
    closeables.add(client);
  }

  /**
   * What the scaler closes when it stops, in the order added; one added after the stop (by the
   * Kubernetes start-up thread) is closed at once.
   */
  private static final class Resources {
    private final List<AutoCloseable> open = new ArrayList<>();
    private boolean closed;

    /** Adds it; false if the scaler has stopped, and it was closed instead. */
    boolean add(AutoCloseable closeable) {
      synchronized (this) {
        if (!closed) {
          open.add(closeable);
          return true;
        }
      }
      close(closeable);
      return false;
    }

    void closeAll() {
      List<AutoCloseable> all;
      synchronized (this) {
        closed = true;
        all = List.copyOf(open);
      }
      all.forEach(Resources::close);
    }

    private static void close(AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("while stopping: {}", e.toString());
      }
    }
  }

  private static GrpcServer.CallObserver callMetrics(ScalerMetrics metrics) {
    return new GrpcServer.CallObserver() {
      @Override
      public void inFlight(String method) {
        metrics.grpcCallInFlight(method);
      }

      @Override
      public void answered(String method, String code, boolean wasInFlight) {
        metrics.grpcRequest(method, code);
        if (wasInFlight) {
          metrics.grpcCallAnswered(method);
        }
      }
    };
  }

  private static String describe(PolicySource source) {
    if (source instanceof FromFile file) {
      return "file " + file.path();
    }
    FromConfigMap configMap = (FromConfigMap) source;
    return "configmap "
        + configMap.namespace()
        + "/"
        + configMap.name()
        + " key "
        + configMap.key();
  }

  private static String instanceName() {
    String host = System.getenv("HOSTNAME");
    return host == null || host.isBlank() ? "lkscaler" : host;
  }

  public int grpcPort() {
    return grpc.port();
  }

  public int httpPort() {
    return http.port();
  }

  /** Graceful stop: refuse new calls, finish those in flight, then release everything. */
  public void stop(Duration grace) {
    log.info(
        "stopping: no new calls, waiting up to {} for calls in flight",
        dev.lkscaler.policy.Durations.format(grace));
    try {
      grpc.stop(grace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.stop();
    closeables.closeAll();
    scheduler.shutdownNow();
    log.info("stopped");
  }

  public void awaitTermination() throws InterruptedException {
    grpc.awaitTermination();
  }
}
