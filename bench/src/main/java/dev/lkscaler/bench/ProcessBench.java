package dev.lkscaler.bench;

import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.proto.externalscaler.IsActiveResponse;
import dev.lkscaler.proto.externalscaler.ScaledObjectRef;
import dev.lkscaler.testing.FakePrometheus;
import dev.lkscaler.testing.KubeObjects;
import dev.lkscaler.testing.RealPrometheus;
import dev.lkscaler.testing.Refs;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The shipped jar in its own process, as deploy/ runs it: the Dockerfile's JVM flags and class-data
 * archive (built by deploy/cds-archive.sh, as the image build does), the Deployment's memory limit
 * given to the JVM as MaxRAM, its {@code serve} arguments, and the policy ConfigMap read from an
 * API server (fabric8's mock in CRUD mode). Measures the time from starting the process to gRPC
 * health SERVING and to {@code /readyz} 200, then memory with many ScaledObjects known and many
 * StreamIsActive streams open.
 */
final class ProcessBench {
  /**
   * @param settle how long the memory load is held before it is read: longer than the native heap's
   *     trim interval, so that RSS is the steady state a pod shows
   */
  record Budget(int starts, int scaledObjects, int streams, Duration settle) {
    static final Budget FULL =
        new Budget(
            Integer.getInteger("bench.starts", 7),
            5_000,
            1_000,
            Duration.ofSeconds(Long.getLong("bench.settleSeconds", 10)));
    static final Budget SMOKE = new Budget(1, 200, 50, Duration.ZERO);
  }

  /** Time to each readiness signal of one start. */
  record Start(double servingMillis, double readyzMillis) {}

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** How long the memory load is held before it is read: longer than the native heap's trim. */
  private static final Duration SETTLE =
      Duration.ofSeconds(Long.getLong("bench.settleSeconds", 10));

  private ProcessBench() {}

  static List<Figure> run(Budget budget, RpcBench.Budget rpc, Path root) throws Exception {
    Shipped shipped = Shipped.read(root);
    Path jar = root.resolve("scaler/target/lkscaler.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it first (./mvnw -B -pl scaler -am package -DskipTests)");
    }
    Path image = Files.createDirectories(root.resolve("bench/target/image"));
    Files.copy(
        jar,
        image.resolve("lkscaler.jar"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.COPY_ATTRIBUTES);
    long t0 = System.nanoTime();
    archive(root, image);
    Bench.progress("class-data archive written", t0);

    try (FakePrometheus prometheus =
        new FakePrometheus().replyToAll(200, FakePrometheus.vectorBody("0.4", "0.5", "0.3"))) {
      KubernetesMockServer api = KubeObjects.crudServer(0);
      try {
        String[] configMap = shipped.policyConfigMap();
        String policy =
            shipped
                .policy()
                .replaceFirst("(?m)^(\\s*url:).*$", "$1 " + prometheus.url().toString());
        KubeObjects.configMap(
            api.createClient(), configMap[0], configMap[1], Map.of("policy.yaml", policy));
        List<Start> starts = new ArrayList<>();
        List<Figure> served = new ArrayList<>();
        for (int i = 0; i < budget.starts(); i++) {
          boolean last = i == budget.starts() - 1;
          Running running = start(shipped, image, api.getPort(), configMap[0]);
          try {
            long t1 = System.nanoTime();
            starts.add(running.start());
            Bench.progress("started " + (i + 1) + " of " + budget.starts(), t1);
            if (last) {
              // the calls first, then memory: a scaler that has served is what runs in a pod
              long t2 = System.nanoTime();
              served.addAll(rpc(running, rpc));
              Bench.progress("RPC latency and throughput", t2);
              long t3 = System.nanoTime();
              served.addAll(memory(running, budget));
              Bench.progress("memory", t3);
            }
          } finally {
            long t4 = System.nanoTime();
            running.stop();
            Bench.progress("stopped", t4);
          }
        }
        List<Figure> figures = new ArrayList<>(startFigures(starts));
        figures.addAll(served);
        return figures;
      } finally {
        api.destroy();
      }
    }
  }

  /** As the image build does: the archive beside the jar, by the same script. */
  private static void archive(Path root, Path image) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash",
                root.resolve("deploy/cds-archive.sh").toString(),
                image.toString(),
                root.resolve("deploy/policy.yaml").toString())
            .redirectErrorStream(true)
            .redirectOutput(image.resolve("cds-archive.out").toFile());
    builder.environment().put("JAVA", java());
    builder.environment().put("CDS_GRPC_PORT", String.valueOf(RealPrometheus.freePort()));
    builder.environment().put("CDS_HTTP_PORT", String.valueOf(RealPrometheus.freePort()));
    Process process = builder.start();
    if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "deploy/cds-archive.sh failed: " + Files.readString(image.resolve("cds-archive.out")));
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A started scaler process, its ports and when it was started. */
  private record Running(Process process, long startedNanos, int grpcPort, int httpPort, Path log) {
    Start start() throws Exception {
      CompletableFuture<Long> serving = CompletableFuture.supplyAsync(this::awaitServing);
      CompletableFuture<Long> readyz = CompletableFuture.supplyAsync(this::awaitReadyz);
      return new Start((serving.get() - startedNanos) / 1e6, (readyz.get() - startedNanos) / 1e6);
    }

    /**
     * Polls every 5 ms: the resolution of the figure, and gentle enough not to slow the start it
     * measures.
     */
    private long awaitServing() {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (true) {
        // a new connection each time, as the kubelet's probe makes: a channel that failed once
        // would wait out its reconnect backoff
        if (connects(grpcPort)) {
          ManagedChannel channel =
              NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
          try {
            if (HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(1, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())
                    .getStatus()
                == ServingStatus.SERVING) {
              return System.nanoTime();
            }
          } catch (io.grpc.StatusRuntimeException e) {
            // not up yet
          } finally {
            channel.shutdownNow();
          }
        }
        pause(deadline);
      }
    }

    private long awaitReadyz() {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (true) {
        try {
          HttpURLConnection connection =
              (HttpURLConnection)
                  URI.create("http://127.0.0.1:" + httpPort + "/readyz").toURL().openConnection();
          connection.setConnectTimeout(1000);
          connection.setReadTimeout(1000);
          int status = connection.getResponseCode();
          connection.disconnect();
          if (status == 200) {
            return System.nanoTime();
          }
        } catch (IOException e) {
          // not listening yet
        }
        pause(deadline);
      }
    }

    private static boolean connects(int port) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    private void pause(long deadline) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            (process.isAlive() ? "not ready within " + PATIENCE : "lkscaler exited")
                + "; its log: "
                + readLog());
      }
      try {
        TimeUnit.MILLISECONDS.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    String readLog() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return "(unreadable: " + e.getMessage() + ")";
      }
    }

    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** The shipped jar as deploy/ runs it, against the mock API server on this port. */
  private static Running start(Shipped shipped, Path image, int apiPort, String namespace)
      throws IOException {
    int grpcPort = RealPrometheus.freePort();
    int httpPort = RealPrometheus.freePort();
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(shipped.jvmFlagsIn(image));
    command.add("-jar");
    command.add(image.resolve("lkscaler.jar").toString());
    command.addAll(shipped.serveArgsOn(grpcPort, httpPort));
    Path log = image.resolve("serve.log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    KubeObjects.inPod(builder, apiPort, namespace);
    long started = System.nanoTime();
    return new Running(builder.start(), started, grpcPort, httpPort, log);
  }

  private static List<Figure> startFigures(List<Start> starts) {
    double[] serving = starts.stream().mapToDouble(Start::servingMillis).toArray();
    double[] readyz = starts.stream().mapToDouble(Start::readyzMillis).toArray();
    double servingMedian = median(serving);
    double readyzMedian = median(readyz);
    String of = " (median of " + starts.size() + " starts)";
    return List.of(
        Figure.against(
            "start to gRPC SERVING" + of,
            servingMedian / 1000,
            "s",
            "≤ 1.0",
            servingMedian <= 1000),
        Figure.against(
            "start to /readyz 200" + of, readyzMedian / 1000, "s", "≤ 1.0", readyzMedian <= 1000),
        Figure.reported("start to /readyz 200, first start", readyz[0] / 1000, "s"));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static List<Figure> rpc(Running running, RpcBench.Budget budget) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", running.grpcPort()).usePlaintext().build();
    try {
      return RpcBench.measure(channel, budget);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Memory once the scaler knows many ScaledObjects and holds many streams open. */
  private static List<Figure> memory(Running running, Budget budget) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", running.grpcPort()).usePlaintext().build();
    try {
      ExternalScalerGrpc.ExternalScalerStub keda = ExternalScalerGrpc.newStub(channel);
      InFlight calls = new InFlight(64);
      for (int i = 0; i < budget.scaledObjects(); i++) {
        ScaledObjectRef ref = Refs.ref("livekit", "agents-" + i, "policy", "agents");
        keda.getMetricSpec(ref, calls.start());
        keda.getMetrics(Refs.metrics(ref, "lkscaler-agents"), calls.start());
      }
      calls.awaitAll(PATIENCE);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicInteger firstMessages = new AtomicInteger();
      List<io.grpc.Context.CancellableContext> streams = new ArrayList<>();
      for (int i = 0; i < budget.streams(); i++) {
        ScaledObjectRef ref = Refs.ref("livekit", "agents-" + i, "policy", "agents");
        io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
        streams.add(context);
        context.run(() -> keda.streamIsActive(ref, new FirstMessage(firstMessages, failure)));
      }
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (firstMessages.get() < budget.streams()) {
        if (failure.get() != null) {
          throw new IllegalStateException("a stream failed", failure.get());
        }
        running.pause(deadline);
      }
      long pid = running.process().pid();
      // steady state, as a pod is seen: the load held for a while (the JVM returns freed native
      // memory on its own schedule), then a full GC for the heap figure
      TimeUnit.MILLISECONDS.sleep(budget.settle().toMillis());
      jcmd(pid, "GC.run");
      Map<String, Long> status = procStatus(pid);
      if (Boolean.getBoolean("bench.nmt")) {
        // where the memory goes, with -Dbench.jvmFlags=-XX:NativeMemoryTracking=summary
        Files.writeString(
            running.log().resolveSibling("native-memory.txt"),
            jcmd(pid, "VM.native_memory summary"));
        Files.writeString(
            running.log().resolveSibling("class-histogram.txt"), jcmd(pid, "GC.class_histogram"));
        Files.copy(
            Path.of("/proc", String.valueOf(pid), "smaps"),
            running.log().resolveSibling("smaps.txt"),
            StandardCopyOption.REPLACE_EXISTING);
      }
      double heapAfterGc = heapUsed(running.httpPort());
      String known =
          budget.scaledObjects() + " ScaledObjects, " + budget.streams() + " streams open";
      double rss = status.get("VmRSS") / 1024.0;
      streams.forEach(c -> c.cancel(null));
      return List.of(
          Figure.against("RSS, " + known, rss, "MiB", "≤ 128", rss <= 128),
          Figure.reported("peak RSS (VmHWM)", status.get("VmHWM") / 1024.0, "MiB"),
          Figure.reported("heap after a full GC", heapAfterGc / (1 << 20), "MiB"),
          Figure.reported("threads", status.get("Threads"), "threads"));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    line.add(String.valueOf(pid));
    line.addAll(List.of(command.split(" ")));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
    }
    return output;
  }

  /** VmRSS, VmHWM (kB) and Threads from /proc/PID/status. */
  private static Map<String, Long> procStatus(long pid) throws IOException {
    Map<String, Long> values = new java.util.HashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      String[] parts = line.split(":\\s+");
      if (parts.length == 2 && List.of("VmRSS", "VmHWM", "Threads").contains(parts[0])) {
        values.put(parts[0], Long.parseLong(parts[1].replace(" kB", "").trim()));
      }
    }
    return values;
  }

  /** The scaler's own jvm_memory_used_bytes{area="heap"}, as Prometheus scrapes it. */
  private static double heapUsed(int httpPort) throws IOException {
    String body;
    try (var in = URI.create("http://127.0.0.1:" + httpPort + "/metrics").toURL().openStream()) {
      body = new String(in.readAllBytes());
    }
    for (String line : body.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"}")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new IllegalStateException("/metrics: expected jvm_memory_used_bytes{area=\"heap\"}");
  }

  /** Counts streams that have had their first answer. */
  private static final class FirstMessage implements StreamObserver<IsActiveResponse> {
    private final AtomicInteger count;
    private final AtomicReference<Throwable> failure;
    private final java.util.concurrent.atomic.AtomicBoolean seen =
        new java.util.concurrent.atomic.AtomicBoolean();

    FirstMessage(AtomicInteger count, AtomicReference<Throwable> failure) {
      this.count = count;
      this.failure = failure;
    }

    @Override
    public void onNext(IsActiveResponse value) {
      if (seen.compareAndSet(false, true)) {
        count.incrementAndGet();
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!(t instanceof io.grpc.StatusRuntimeException e)
          || e.getStatus().getCode() != io.grpc.Status.Code.CANCELLED) {
        failure.compareAndSet(null, t);
      }
    }

    @Override
    public void onCompleted() {}
  }
}
