package dev.lkscaler.sim.loop;

import static org.awaitility.Awaitility.await;

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
import dev.lkscaler.testing.RealPrometheus;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.awaitility.core.ConditionTimeoutException;

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

  // The run's waits leave other threads' uncaught exceptions alone: Awaitility would otherwise
  // fail them on any, and swap the JVM's default handler while several threads wait at once.

  /** How often the run looks whether it is over and whether a live row is due. */
  static final Duration CHECK_EVERY = Duration.ofMillis(20);

  /** How long lkscaler may take to give its first decision for a component. */
  static final Duration FIRST_DECISION_WITHIN = Duration.ofSeconds(30);

  /** How long the outage probe waits for every component's decisions from fresh data. */
  static final Duration RESUME_WITHIN = Duration.ofSeconds(10);

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

  /** What the workers of a run share: its clock and recorder, and the servers of the loop. */
  record Rig(
      SimClock clock,
      Recorder recorder,
      MockCluster cluster,
      MetricsEndpoint endpoint,
      RealPrometheus prometheus,
      InProcessLkscaler lkscaler,
      ManagedChannel channel) {}

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
    SimPolicy policy = SimPolicy.shipped();
    Recorder recorder = new Recorder();
    List<Work> arrivals = Arrivals.generate(scenario);
    Fleet lkFleet = new Fleet(NAMESPACE, scenario, arrivals, scenario.seed());
    Fleet baseFleet = new Fleet(BASELINE_NAMESPACE, scenario, arrivals, scenario.seed());
    for (Workload workload : scenario.workloads()) {
      // an HPA never leaves its target below its minReplicas (1 at least), so neither does the
      // chart's
      int floor = Math.max(1, policy.minReplicas(workload));
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
    ScheduledExecutorService liveThread =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "live-rows"));
    try {
      MetricsEndpoint endpoint = new MetricsEndpoint();
      closing.push(endpoint);
      endpoint.publish(NAMESPACE, lkFleet.snapshot());
      endpoint.publish(BASELINE_NAMESPACE, baseFleet.snapshot());
      RealPrometheus prometheus =
          RealPrometheus.start(options.prometheusBinary(), List.of(endpoint.target()));
      closing.push(prometheus);
      MockCluster cluster = MockCluster.start(NAMESPACE);
      closing.push(cluster);
      InProcessLkscaler lkscaler =
          InProcessLkscaler.start(
              options.workDir().resolve("policy.yaml"),
              policy.render(prometheus.url(), scenario, options.timeScale()),
              cluster.newClient(),
              Clock.systemUTC());
      closing.push(lkscaler);
      for (Workload workload : scenario.workloads()) {
        cluster.create(
            workload.component(),
            workload.initialReplicas(),
            Autoscaling.scaledObject(
                workload.component(), policy.minReplicas(workload), policy.maxReplicas(workload)),
            lkscaler.address());
      }
      cluster.watchDeployments();
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", lkscaler.grpcPort()).usePlaintext().build();
      closing.push(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
      awaitFirstDecisions(channel, lkscaler.address());

      SimClock clock = new SimClock(Clock.systemUTC(), options.timeScale());
      Rig rig = new Rig(clock, recorder, cluster, endpoint, prometheus, lkscaler, channel);
      Map<Component, CpuHpaBaseline> baselines = new EnumMap<>(Component.class);
      for (Workload workload : scenario.workloads()) {
        baselines.put(
            workload.component(),
            new CpuHpaBaseline(
                baseFleet.pool(workload.component()),
                policy.minReplicas(workload),
                policy.maxReplicas(workload)));
      }
      int index = 0;
      for (Component component : scenario.components()) {
        ScaledObjectEmulator emulator = new ScaledObjectEmulator(component, rig);
        closing.push(emulator);
        // staggered, so that the ScaledObjects do not all call at once
        emulator.start(2.0 * index++);
      }

      Tick tick = new Tick(rig, lkFleet, baseFleet, baselines);
      Optional<OutageRun> outage =
          scenario.outage().map(o -> new OutageRun(o, scenario.components(), rig));
      AtomicReference<Throwable> failure = new AtomicReference<>();
      simThread.scheduleAtFixedRate(
          () -> {
            try {
              double now = tick.run();
              outage.ifPresent(o -> o.at(now, outageThread));
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
            }
          },
          0,
          TICK_MILLIS,
          TimeUnit.MILLISECONDS);

      BooleanSupplier going =
          () -> !stopRequested && failure.get() == null && clock.now() < scenario.duration();
      double[] nextLive = {0}; // on the live-rows thread only
      liveThread.scheduleAtFixedRate(
          () -> {
            try {
              if (going.getAsBoolean() && clock.now() >= nextLive[0] && !tick.latest().isEmpty()) {
                options
                    .live()
                    .accept(new LiveRow(clock.now(), prometheus.running(), tick.latest()));
                nextLive[0] += options.liveEvery();
              }
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
            }
          },
          0,
          CHECK_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
      await("the run ends")
          .dontCatchUncaughtExceptions()
          .atMost(Duration.ofMillis(clock.realMillis(scenario.duration())).plusMinutes(1))
          .pollInterval(CHECK_EVERY)
          .until(() -> !going.getAsBoolean());
      liveThread.shutdown();
      liveThread.awaitTermination(5, TimeUnit.SECONDS);
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
          policy,
          options.timeScale(),
          endedAt,
          !stopRequested,
          recorder.samples(),
          counters,
          recorder.answers(),
          recorder.actions(),
          outage.flatMap(OutageRun::result),
          options.workDir());
    } finally {
      liveThread.shutdownNow();
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
  private void awaitFirstDecisions(ManagedChannel channel, String address) {
    ExternalScalerGrpc.ExternalScalerBlockingStub stub =
        ExternalScalerGrpc.newBlockingStub(channel);
    for (Component component : scenario.components()) {
      AtomicReference<String> last = new AtomicReference<>("");
      try {
        await("a first decision for " + component.id())
            .dontCatchUncaughtExceptions()
            .atMost(FIRST_DECISION_WITHIN)
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(100))
            .until(() -> decides(stub, component, address, last));
      } catch (ConditionTimeoutException e) {
        throw new IllegalStateException(
            "lkscaler gave no decision for " + component.id() + " within 30s: " + last.get(), e);
      }
    }
  }

  private static boolean decides(
      ExternalScalerGrpc.ExternalScalerBlockingStub stub,
      Component component,
      String address,
      AtomicReference<String> last) {
    try {
      stub.withDeadlineAfter(3, TimeUnit.SECONDS).getMetrics(request(component, address));
      return true;
    } catch (StatusRuntimeException e) {
      last.set(e.getStatus().toString());
      return false;
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
    private final Rig rig;
    private final Fleet lkFleet;
    private final Fleet baseFleet;
    private final Map<Component, CpuHpaBaseline> baselines;
    private final Map<Component, Integer> statusWritten = new EnumMap<>(Component.class);
    private final AtomicReference<Map<String, Map<Component, Sample>>> latest =
        new AtomicReference<>(Map.of());
    // the baseline's HPA runs half a period after t=0, like lkscaler's
    private final SyncTimes baselineSyncs =
        new SyncTimes(Autoscaling.HPA_SYNC_PERIOD / 2.0, Autoscaling.HPA_SYNC_PERIOD);

    Tick(Rig rig, Fleet lkFleet, Fleet baseFleet, Map<Component, CpuHpaBaseline> baselines) {
      this.rig = rig;
      this.lkFleet = lkFleet;
      this.baseFleet = baseFleet;
      this.baselines = baselines;
    }

    double run() {
      double now = rig.clock().now();
      lkFleet.advanceTo(now);
      baseFleet.advanceTo(now);
      for (Component component : baselines.keySet()) {
        // the Deployment controller: follow spec.replicas
        OptionalInt desired = rig.cluster().desiredReplicas(component);
        if (desired.isPresent() && desired.getAsInt() != lkFleet.pool(component).desired()) {
          lkFleet.pool(component).setDesired(desired.getAsInt());
        }
      }
      if (baselineSyncs.due(now)) {
        double at = baselineSyncs.stamp(now);
        baselines
            .values()
            .forEach(baseline -> baseline.sync(now, at).ifPresent(rig.recorder()::action));
      }
      Map<Component, PoolSnapshot> lk = lkFleet.snapshot();
      Map<Component, PoolSnapshot> base = baseFleet.snapshot();
      rig.endpoint().publish(NAMESPACE, lk);
      rig.endpoint().publish(BASELINE_NAMESPACE, base);
      lk.forEach(
          (component, pool) -> {
            if (!Integer.valueOf(pool.replicas()).equals(statusWritten.get(component))) {
              rig.cluster().setStatusReplicas(component, pool.replicas());
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
            rig.recorder().sample(fleet, component, sample);
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
    private final Outage outage;
    private final List<Component> components;
    private final Rig rig;
    private final ExternalScalerGrpc.ExternalScalerBlockingStub stub;
    private boolean stopped;
    private boolean restarted;
    private volatile double stoppedAt = Double.NaN;
    private volatile double readyAt = Double.NaN;
    private final Map<Component, Long> resumed = new ConcurrentHashMap<>();

    OutageRun(Outage outage, List<Component> components, Rig rig) {
      this.outage = outage;
      this.components = components;
      this.rig = rig;
      this.stub = ExternalScalerGrpc.newBlockingStub(rig.channel());
    }

    void at(double now, ExecutorService thread) {
      if (!stopped && now >= outage.at()) {
        stopped = true;
        thread.execute(
            () -> {
              try {
                rig.prometheus().stop();
                stoppedAt = rig.clock().now();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      if (stopped && !restarted && now >= outage.end()) {
        restarted = true;
        thread.execute(this::restartAndProbe);
      }
    }

    private void restartAndProbe() {
      try {
        rig.prometheus().start();
        readyAt = rig.clock().now();
        long ready = System.nanoTime();
        try {
          await("every component decides from fresh data")
              .dontCatchUncaughtExceptions()
              .atMost(RESUME_WITHIN)
              .pollInSameThread()
              .pollDelay(Duration.ZERO)
              .pollInterval(Duration.ofMillis(25))
              .until(
                  () -> {
                    for (Component component : components) {
                      if (!resumed.containsKey(component) && fresh(component)) {
                        resumed.put(
                            component, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ready));
                      }
                    }
                    return resumed.size() == components.size();
                  });
        } catch (ConditionTimeoutException notAll) {
          // a component without fresh decisions by then has no resume time in the result
        }
      } catch (Exception e) {
        rig.recorder()
            .answer(
                new Answer(
                    rig.clock().now(),
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
      InProcessLkscaler lkscaler = rig.lkscaler();
      long before = lkscaler.stalePolicyAnswers(component.id());
      double t = rig.clock().now();
      try {
        double value =
            stub.withDeadlineAfter(3, TimeUnit.SECONDS)
                .getMetrics(request(component, lkscaler.address()))
                .getMetricValues(0)
                .getMetricValueFloat();
        rig.recorder()
            .answer(new Answer(t, component, "probe", "GetMetrics", OptionalDouble.of(value), ""));
      } catch (StatusRuntimeException e) {
        rig.recorder()
            .answer(
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
      if (Double.isNaN(stoppedAt)) {
        return Optional.empty();
      }
      return Optional.of(new OutageResult(stoppedAt, readyAt, Map.copyOf(resumed)));
    }
  }
}
