package dev.lkscaler;

import static dev.lkscaler.testing.Refs.metrics;
import static dev.lkscaler.testing.Refs.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.proto.externalscaler.ExternalScalerGrpc;
import dev.lkscaler.proto.externalscaler.ScaledObjectRef;
import dev.lkscaler.testing.LiveKitExporter;
import dev.lkscaler.testing.RealPrometheus;
import dev.lkscaler.testing.Scalers;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/ runs two replicas behind a headless Service, and KEDA asks whichever it reaches: two
 * scalers on the same policy and the same Prometheus give the same decision for every call. They
 * keep no state but caches (see docs/operations.md on what differs: the caches' ages).
 */
class TwoReplicasIT {
  private static final String POLICY =
      """
      prometheus: {url: '%s', timeout: 2s}
      cache: {ttl: 1s, lastKnownGoodFor: 30s}
      policies:
        agents:
          minReplicas: 0
          activation: {query: 'sum(livekit_room_total{namespace="{{namespace}}"}) or vector(0)'}
          signals:
            - {name: load, type: utilization, query: 'lk_agents_worker_load{namespace="{{namespace}}"}', onEmpty: zero}
        sip:
          minReplicas: 1
          signals:
            - {name: calls, type: capacity, query: 'sum(livekit_sip_calls_active{namespace="{{namespace}}"})', capacityPerReplica: 20, targetUtilization: 0.7, onEmpty: zero}
      """;

  /** Each namespace's worker loads and calls: different fleets, so different decisions. */
  private static final double[][] LOADS = {
    {0.9, 0.8, 0.6, 0.5}, {0.1}, {0.7, 0.7, 0.7}, {}, {0.3, 0.45, 0.2, 0.66, 0.1, 0.05}
  };

  @Test
  void twoScalersOnTheSameInputsGiveTheSameDecisions() throws Exception {
    try (LiveKitExporter exporter = new LiveKitExporter()) {
      for (int ns = 0; ns < LOADS.length; ns++) {
        for (int pod = 0; pod < LOADS[ns].length; pod++) {
          exporter.set(
              "lk_agents_worker_load",
              Map.of("namespace", "ns" + ns, "pod", "a" + pod, "nodename", "a" + pod),
              LOADS[ns][pod]);
        }
        exporter.set(
            "livekit_sip_calls_active", Map.of("namespace", "ns" + ns, "node_id", "s"), 17 * ns);
        exporter.set(
            "livekit_room_total",
            Map.of("namespace", "ns" + ns, "node_id", "sfu", "node_type", "SERVER"),
            ns % 2);
      }
      try (RealPrometheus prometheus = RealPrometheus.start(List.of(exporter.target()))) {
        prometheus.await(
            "count(livekit_sip_calls_active)",
            body -> body.contains("\"5\""),
            Duration.ofSeconds(20));
        Scaler one = Scalers.fromText(POLICY.formatted(prometheus.url()));
        Scaler two = Scalers.fromText(POLICY.formatted(prometheus.url()));
        ManagedChannel toOne = Scalers.channel(one);
        ManagedChannel toTwo = Scalers.channel(two);
        try {
          List<String> fromOne = new ArrayList<>();
          List<String> fromTwo = new ArrayList<>();
          for (int round = 0; round < 3; round++) {
            for (int ns = 0; ns < LOADS.length; ns++) {
              for (String policy : List.of("agents", "sip")) {
                ScaledObjectRef so = ref("ns" + ns, policy + "-" + round, "policy", policy);
                // the two are asked in turn, as KEDA's calls spread over the Service
                fromOne.add(answer(toOne, so, policy));
                fromTwo.add(answer(toTwo, so, policy));
              }
            }
          }
          assertThat(fromTwo).isEqualTo(fromOne);
          // and the fleets differ, so the agreement is not that of constants
          assertThat(fromOne.stream().distinct().count()).isGreaterThan(3);
        } finally {
          toOne.shutdownNow();
          toTwo.shutdownNow();
          one.stop(Duration.ofSeconds(1));
          two.stop(Duration.ofSeconds(1));
        }
      }
    }
  }

  private static String answer(ManagedChannel channel, ScaledObjectRef so, String policy) {
    ExternalScalerGrpc.ExternalScalerBlockingStub keda =
        ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(3, TimeUnit.SECONDS);
    long desired =
        keda.getMetrics(metrics(so, "lkscaler-" + policy)).getMetricValues(0).getMetricValue();
    boolean active = keda.isActive(so).getResult();
    return so.getNamespace() + "/" + policy + ": " + desired + (active ? " active" : " inactive");
  }
}
