package dev.lkscaler.sim.loop;

import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.proto.externalscaler.GetMetricsRequest;
import dev.lkscaler.proto.externalscaler.ScaledObjectRef;
import dev.lkscaler.sim.fleet.Arrivals;
import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.fleet.Counters;
import dev.lkscaler.sim.fleet.Fleet;
import dev.lkscaler.sim.fleet.PoolSnapshot;
import dev.lkscaler.sim.fleet.Work;
import dev.lkscaler.sim.scenario.Outage;
import dev.lkscaler.sim.scenario.Scenario;
import dev.lkscaler.sim.scenario.Workload;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One run of a scenario, end to end and in real time: the simulated fleet exports its metrics, the
 * real Prometheus scrapes them every second, lkscaler (in this process) queries Prometheus and
 * follows the Deployments in the mock API server, and the KEDA/HPA emulator drives lkscaler over
 * gRPC and sets the Deployments' replicas, which the fleet follows. Beside it, a second fleet
 * offered the same work is driven by the CPU HPA of LiveKit's Helm chart.
 */
public final class ClosedLoop {
  public static final String LKSCALER = "lkscaler";
  public static final String BASELINE = "cpu-hpa";

  /** Where lkscaler's fleet lives, in the mock API server and in the metrics' namespace label. */
  public static final String NAMESPACE = "livekit";

  public static final String BASELINE_NAMESPACE = "baseline";

  /** How often the fleets advance, in real milliseconds. */
  static final long TICK_MILLIS = 50;

  /**
   * @param timeScale simulated seconds per real second
   * @param live receives a row every {@code liveEvery} simulated seconds
   */
  public record Options(
      double timeScale,
      Path workDir,
      String prometheusBinary,
      Consumer<LiveRow> live,
      double liveEvery) {}

  private final Scenario scenario;
  private final Options options;
  private volatile boolean stopRequested;

  public ClosedLoop(Scenario scenario, Options options) {
    this.scenario = scenario;
    this.options = options;
  }

  /** Ends the run early (Ctrl-C); {@link #run} then cleans up and returns what it has. */
  public void requestStop() {
    stopRequested = true;
  }

  public RunResult run() throws Exception {
    Files.createDirectories(options.workDir());
    Recorder recorder = new Recorder();
    List<Work> arrivals = Arrivals.generate(scenario);
    Fleet lkFleet = new Fleet(NAMESPACE, scenario, arrivals, scenario.seed());
    Fleet baseFleet = new Fleet(BASELINE_NAMESPACE, scenario, arrivals, scenario.seed());
    for (Workload workload : scenario.workloads()) {
      // an HPA never leaves its target below its minReplicas (1 at least), so neither does the
      // chart's
      int floor = Math.max(1, SimPolicy.minReplicas(workload));
      if (workload.initialReplicas() < floor) {
        baseFleet.pool(workload.component()).setDesired(floor);
      }
    }
    lkFleet.advanceTo(0);
    baseFleet.advanceTo(0);

    Deque<AutoCloseable> closing = new ArrayDeque<>();
    ExecutorService outageThread =
        Executors.newSingleThreadExecutor(r -> daemon(r, "prometheus-outage"));
    ScheduledExecutorService simThread =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fleet"));
    try {
      MetricsEndpoint endpoint = new MetricsEndpoint();
      closing.push(endpoint);
      endpoint.publish(NAMESPACE, lkFleet.snapshot());
      endpoint.publish(BASELINE_NAMESPACE, baseFleet.snapshot());
      PrometheusProcess prometheus =
          PrometheusProcess.start(options.prometheusBinary(), List.of(endpoint.target()));
      closing.push(prometheus);
      MockCluster cluster = MockCluster.start(NAMESPACE);
      closing.push(cluster);
      InProcessLkscaler lkscaler =
          InProcessLkscaler.start(
              options.workDir().resolve("policy.yaml"),
              SimPolicy.render(prometheus.url(), scenario),
              cluster.newClient(),
              Clock.systemUTC());
      closing.push(lkscaler);
      for (Workload workload : scenario.workloads()) {
        cluster.create(
            workload.component(),
            workload.initialReplicas(),
            Autoscaling.scaledObject(
                workload.component(),
                SimPolicy.minReplicas(workload),
                SimPolicy.maxReplicas(workload)),
            lkscaler.address());
      }
      cluster.watchDeployments();
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", lkscaler.grpcPort()).usePlaintext().build();
      closing.push(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
      awaitFirstDecisions(channel, lkscaler.address());

      SimClock clock = new SimClock(Clock.systemUTC(), options.timeScale());
      Map<Component, CpuHpaBaseline> baselines = new EnumMap<>(Component.class);
      for (Workload workload : scenario.workloads()) {
        baselines.put(
            workload.component(),
            new CpuHpaBaseline(
                baseFleet.pool(workload.component()),
                SimPolicy.minReplicas(workload),
                SimPolicy.maxReplicas(workload)));
      }
      int index = 0;
      for (Component component : scenario.components()) {
        ScaledObjectEmulator emulator =
            new ScaledObjectEmulator(
                component, cluster, channel, lkscaler.address(), clock, recorder);
        closing.push(emulator);
        // staggered, so that the ScaledObjects do not all call at once
        emulator.start(2.0 * index++);
      }

      Tick tick = new Tick(clock, lkFleet, baseFleet, cluster, endpoint, baselines, recorder);
      OutageRun outage =
          new OutageRun(
              scenario.outage(),
              scenario.components(),
              prometheus,
              lkscaler,
              channel,
              clock,
              recorder);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      simThread.scheduleAtFixedRate(
          () -> {
            try {
              double now = tick.run();
              outage.at(now, outageThread);
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
            }
          },
          0,
          TICK_MILLIS,
          TimeUnit.MILLISECONDS);

      double nextLive = 0;
      while (!stopRequested && failure.get() == null && clock.now() < scenario.duration()) {
        if (clock.now() >= nextLive && !tick.latest().isEmpty()) {
          options.live().accept(new LiveRow(clock.now(), prometheus.running(), tick.latest()));
          nextLive += options.liveEvery();
        }
        Thread.sleep(20);
      }
      simThread.shutdown();
      simThread.awaitTermination(5, TimeUnit.SECONDS);
      outageThread.shutdown();
      outageThread.awaitTermination(15, TimeUnit.SECONDS);
      if (failure.get() != null) {
        throw new IllegalStateException("the simulation failed: " + failure.get(), failure.get());
      }
      double endedAt = Math.min(clock.now(), scenario.duration());
      if (!stopRequested) {
        options.live().accept(new LiveRow(endedAt, prometheus.running(), tick.latest()));
      }
      Map<String, Map<Component, Counters>> counters = new LinkedHashMap<>();
      counters.put(LKSCALER, counters(lkFleet.snapshot()));
      counters.put(BASELINE, counters(baseFleet.snapshot()));
      return new RunResult(
          scenario,
          options.timeScale(),
          endedAt,
          !stopRequested,
          recorder.samples(),
          counters,
          recorder.answers(),
          recorder.actions(),
          outage.result(),
          options.workDir());
    } finally {
      simThread.shutdownNow();
      outageThread.shutdownNow();
      while (!closing.isEmpty()) {
        try {
          closing.pop().close();
        } catch (Exception e) {
          // keep closing the rest: no process may be left behind
          System.err.println("lksim: while stopping: " + e);
        }
      }
    }
  }

  private static Map<Component, Counters> counters(Map<Component, PoolSnapshot> snapshot) {
    Map<Component, Counters> out = new EnumMap<>(Component.class);
    snapshot.forEach((component, pool) -> out.put(component, pool.counters()));
    return out;
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * The run starts once lkscaler answers for every component: Prometheus has scraped, the informers
   * have listed.
   */
  private void awaitFirstDecisions(ManagedChannel channel, String address)
      throws InterruptedException {
    ExternalScalerGrpc.ExternalScalerBlockingStub stub =
        ExternalScalerGrpc.newBlockingStub(channel);
    for (Component component : scenario.components()) {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      String last = "";
      while (true) {
        try {
          stub.withDeadlineAfter(3, TimeUnit.SECONDS).getMetrics(request(component, address));
          break;
        } catch (StatusRuntimeException e) {
          last = e.getStatus().toString();
        }
        if (System.nanoTime() > until) {
          throw new IllegalStateException(
              "lkscaler gave no decision for " + component.id() + " within 30s: " + last);
        }
        Thread.sleep(100);
      }
    }
  }

  static GetMetricsRequest request(Component component, String address) {
    return GetMetricsRequest.newBuilder()
        .setScaledObjectRef(
            ScaledObjectRef.newBuilder()
                .setNamespace(NAMESPACE)
                .setName(component.id())
                .putScalerMetadata("scalerAddress", address)
                .putScalerMetadata("policy", component.id()))
        .setMetricName(component.id())
        .build();
  }

  /** One step of the fleets, on the fleet thread. */
  private static final class Tick {
    private final SimClock clock;
    private final Fleet lkFleet;
    private final Fleet baseFleet;
    private final MockCluster cluster;
    private final MetricsEndpoint endpoint;
    private final Map<Component, CpuHpaBaseline> baselines;
    private final Recorder recorder;
    private final Map<Component, Integer> statusWritten = new EnumMap<>(Component.class);
    private final AtomicReference<Map<String, Map<Component, Sample>>> latest =
        new AtomicReference<>(Map.of());
    // the baseline's HPA runs half a period after t=0, like lkscaler's
    private final SyncTimes baselineSyncs =
        new SyncTimes(Autoscaling.HPA_SYNC_PERIOD / 2.0, Autoscaling.HPA_SYNC_PERIOD);

    Tick(
        SimClock clock,
        Fleet lkFleet,
        Fleet baseFleet,
        MockCluster cluster,
        MetricsEndpoint endpoint,
        Map<Component, CpuHpaBaseline> baselines,
        Recorder recorder) {
      this.clock = clock;
      this.lkFleet = lkFleet;
      this.baseFleet = baseFleet;
      this.cluster = cluster;
      this.endpoint = endpoint;
      this.baselines = baselines;
      this.recorder = recorder;
    }

    double run() {
      double now = clock.now();
      lkFleet.advanceTo(now);
      baseFleet.advanceTo(now);
      for (Component component : baselines.keySet()) {
        // the Deployment controller: follow spec.replicas
        OptionalInt desired = cluster.desiredReplicas(component);
        if (desired.isPresent() && desired.getAsInt() != lkFleet.pool(component).desired()) {
          lkFleet.pool(component).setDesired(desired.getAsInt());
        }
      }
      if (baselineSyncs.due(now)) {
        double at = baselineSyncs.stamp(now);
        baselines.values().forEach(baseline -> baseline.sync(now, at).ifPresent(recorder::action));
      }
      Map<Component, PoolSnapshot> lk = lkFleet.snapshot();
      Map<Component, PoolSnapshot> base = baseFleet.snapshot();
      endpoint.publish(NAMESPACE, lk);
      endpoint.publish(BASELINE_NAMESPACE, base);
      lk.forEach(
          (component, pool) -> {
            if (!Integer.valueOf(pool.replicas()).equals(statusWritten.get(component))) {
              cluster.setStatusReplicas(component, pool.replicas());
              statusWritten.put(component, pool.replicas());
            }
          });
      Map<String, Map<Component, Sample>> row = new LinkedHashMap<>();
      row.put(LKSCALER, record(LKSCALER, now, lk));
      row.put(BASELINE, record(BASELINE, now, base));
      latest.set(row);
      return now;
    }

    private Map<Component, Sample> record(
        String fleet, double now, Map<Component, PoolSnapshot> pools) {
      Map<Component, Sample> out = new EnumMap<>(Component.class);
      pools.forEach(
          (component, pool) -> {
            Sample sample = sample(now, pool);
            recorder.sample(fleet, component, sample);
            out.put(component, sample);
          });
      return out;
    }

    Map<String, Map<Component, Sample>> latest() {
      return latest.get();
    }
  }

  static Sample sample(double now, PoolSnapshot pool) {
    double measure =
        switch (pool.component()) {
          case AGENTS -> pool.meanReadyLoad();
          case SIP -> pool.running();
          case EGRESS -> pool.idle();
        };
    Counters c = pool.counters();
    return new Sample(
        now,
        pool.desired(),
        pool.pods().size(),
        pool.count(dev.lkscaler.sim.fleet.Phase.READY),
        pool.count(dev.lkscaler.sim.fleet.Phase.STARTING),
        pool.count(dev.lkscaler.sim.fleet.Phase.DRAINING),
        pool.outOfService(),
        measure,
        pool.offeredLoad(),
        c.offered(),
        c.rejected(),
        c.lost());
  }

  /**
   * The scenario's Prometheus outage: stop the process, start it again on the same port and data,
   * then probe lkscaler until each component's decision comes from fresh data again.
   */
  private static final class OutageRun {
    private final Optional<Outage> outage;
    private final List<Component> components;
    private final PrometheusProcess prometheus;
    private final InProcessLkscaler lkscaler;
    private final ExternalScalerGrpc.ExternalScalerBlockingStub stub;
    private final SimClock clock;
    private final Recorder recorder;
    private boolean stopped;
    private boolean restarted;
    private volatile double stoppedAt = Double.NaN;
    private volatile double readyAt = Double.NaN;
    private final Map<Component, Long> resumed = new java.util.concurrent.ConcurrentHashMap<>();

    OutageRun(
        Optional<Outage> outage,
        List<Component> components,
        PrometheusProcess prometheus,
        InProcessLkscaler lkscaler,
        ManagedChannel channel,
        SimClock clock,
        Recorder recorder) {
      this.outage = outage;
      this.components = components;
      this.prometheus = prometheus;
      this.lkscaler = lkscaler;
      this.stub = ExternalScalerGrpc.newBlockingStub(channel);
      this.clock = clock;
      this.recorder = recorder;
    }

    void at(double now, ExecutorService thread) {
      if (outage.isEmpty()) {
        return;
      }
      if (!stopped && now >= outage.get().at()) {
        stopped = true;
        thread.execute(
            () -> {
              try {
                prometheus.stop();
                stoppedAt = clock.now();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      if (stopped && !restarted && now >= outage.get().end()) {
        restarted = true;
        thread.execute(this::restartAndProbe);
      }
    }

    private void restartAndProbe() {
      try {
        prometheus.start();
        readyAt = clock.now();
        long ready = System.nanoTime();
        long until = ready + TimeUnit.SECONDS.toNanos(10);
        while (resumed.size() < components.size() && System.nanoTime() < until) {
          for (Component component : components) {
            if (!resumed.containsKey(component) && fresh(component)) {
              resumed.put(component, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ready));
            }
          }
          Thread.sleep(25);
        }
      } catch (Exception e) {
        recorder.answer(
            new Answer(
                clock.now(),
                Component.AGENTS,
                "probe",
                "error",
                OptionalDouble.empty(),
                e.toString()));
      }
    }

    /**
     * A successful call that moved neither lkscaler's last-known-good nor its unavailable counter.
     */
    private boolean fresh(Component component) throws Exception {
      long before = lkscaler.stalePolicyAnswers(component.id());
      double t = clock.now();
      try {
        double value =
            stub.withDeadlineAfter(3, TimeUnit.SECONDS)
                .getMetrics(request(component, lkscaler.address()))
                .getMetricValues(0)
                .getMetricValueFloat();
        recorder.answer(
            new Answer(t, component, "probe", "GetMetrics", OptionalDouble.of(value), ""));
      } catch (StatusRuntimeException e) {
        recorder.answer(
            new Answer(
                t,
                component,
                "probe",
                "GetMetrics",
                OptionalDouble.empty(),
                e.getStatus().getCode().name()));
        return false;
      }
      return lkscaler.stalePolicyAnswers(component.id()) == before;
    }

    Optional<OutageResult> result() {
      if (outage.isEmpty() || Double.isNaN(stoppedAt)) {
        return Optional.empty();
      }
      return Optional.of(new OutageResult(stoppedAt, readyAt, Map.copyOf(resumed)));
    }
  }
}
