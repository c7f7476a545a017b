package dev.lkscaler.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The scaler's own metrics, registered in the registry it is given. Labels are bounded: policy
 * names come from the policy file, and namespace/scaledobject pairs from the ScaledObjects that
 * call us.
 */
public final class ScalerMetrics {
  private final Gauge desiredReplicas;
  private final Gauge signalInput;
  private final Gauge outOfServicePods;
  private final Counter droppedSamples;
  private final Counter lastKnownGoodServed;
  private final Counter unavailable;
  private final Counter prometheusRequests;
  private final Histogram prometheusDuration;
  private final Counter grpcRequests;
  private final Gauge grpcCallsInFlight;
  private final Gauge policySourceAvailable;
  private final Map<String, BooleanSupplier> watches = new ConcurrentHashMap<>();
  private final Counter policyReloads;
  private final Counter tlsReloads;
  private final Gauge policyThreshold;
  private final Gauge policyReplicas;
  private final Gauge targetReplicas;

  public ScalerMetrics(PrometheusRegistry registry) {
    desiredReplicas =
        Gauge.builder()
            .withoutExemplars()
            .name("lkscaler_desired_replicas")
            .help("Desired replicas last decided for a ScaledObject")
            .labelNames("policy", "namespace", "scaledobject")
            .register(registry);
    signalInput =
        Gauge.builder()
            .withoutExemplars()
            .name("lkscaler_signal_input")
            .help("Last load a signal measured: total utilization, total load or busy pods")
            .labelNames("policy", "signal", "namespace", "scaledobject")
            .register(registry);
    outOfServicePods =
        Gauge.builder()
            .withoutExemplars()
            .name("lkscaler_out_of_service_pods")
            .help("Pods at or above outOfServiceAt in the last decision")
            .labelNames("policy", "signal", "namespace", "scaledobject")
            .register(registry);
    droppedSamples =
        Counter.builder()
            .withoutExemplars()
            .name("lkscaler_samples_dropped_total")
            .help("NaN and infinite samples left out of decisions")
            .labelNames("policy", "signal")
            .register(registry);
    lastKnownGoodServed =
        Counter.builder()
            .withoutExemplars()
            .name("lkscaler_last_known_good_served_total")
            .help("Decisions served from the last good decision because data was missing")
            .labelNames("policy")
            .register(registry);
    unavailable =
        Counter.builder()
            .withoutExemplars()
            .name("lkscaler_decisions_unavailable_total")
            .help("Calls answered UNAVAILABLE: no data and no recent good decision")
            .labelNames("policy")
            .register(registry);
    prometheusRequests =
        Counter.builder()
            .withoutExemplars()
            .name("lkscaler_prometheus_requests_total")
            .help("HTTP queries sent to Prometheus, by result (ok, empty or a failure cause)")
            .labelNames("result")
            .register(registry);
    prometheusDuration =
        Histogram.builder()
            .withoutExemplars()
            .name("lkscaler_prometheus_request_duration_seconds")
            .help("Time from sending a query to Prometheus to its parsed reply")
            .classicOnly()
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3)
            .register(registry);
    grpcRequests =
        Counter.builder()
            .withoutExemplars()
            .name("lkscaler_grpc_requests_total")
            .help("gRPC calls answered, by method and status code")
            .labelNames("method", "code")
            .register(registry);
    grpcCallsInFlight =
        Gauge.builder()
            .withoutExemplars()
            .name("lkscaler_grpc_calls_in_flight")
            .help("gRPC calls the service has taken and not answered yet; an open stream counts")
            .labelNames("method")
            .register(registry);
    policySourceAvailable =
        Gauge.builder()
            .withoutExemplars()
            .name("lkscaler_policy_source_available")
            .help(
                "1 while the policy source (the file, the ConfigMap) exists, 0 while it is missing")
            .register(registry);
    GaugeWithCallback.builder()
        .name("lkscaler_kubernetes_watching")
        .help("1 while the watch on a Kubernetes resource is established, 0 while it is down")
        .labelNames("resource")
        .callback(
            callback ->
                watches.forEach(
                    (resource, up) -> callback.call(up.getAsBoolean() ? 1 : 0, resource)))
        .register(registry);
    policyThreshold =
        Gauge.builder()
            .withoutExemplars()
            .name("lkscaler_policy_threshold")
            .help(
                "A signal's parameter in the policy in force: scaleUpAt, outOfServiceAt, capacityPerReplica, targetUtilization or minIdle")
            .labelNames("policy", "signal", "threshold")
            .register(registry);
    policyReplicas =
        Gauge.builder()
            .withoutExemplars()
            .name("lkscaler_policy_replicas")
            .help("A policy's replica bounds in force, bound=min or max")
            .labelNames("policy", "bound")
            .register(registry);
    targetReplicas =
        Gauge.builder()
            .withoutExemplars()
            .name("lkscaler_target_replicas")
            .help(
                "Current replicas of a ScaledObject's scale target, as the Kubernetes API reports them")
            .labelNames("policy", "namespace", "scaledobject")
            .register(registry);
    policyReloads =
        Counter.builder()
            .withoutExemplars()
            .name("lkscaler_policy_reload_total")
            .help("Policy texts judged, by result: applied, unchanged or rejected")
            .labelNames("result")
            .register(registry);
    // series start at 0, so that increase() and rate() see the first reload or failure
    for (String result : List.of("applied", "unchanged", "rejected")) {
      policyReloads.labelValues(result);
    }
    tlsReloads =
        Counter.builder()
            .withoutExemplars()
            .name("lkscaler_tls_reload_total")
            .help(
                "Rotated TLS files (gRPC server, Prometheus client) judged: applied, or rejected"
                    + " with the files in use kept")
            .labelNames("result")
            .register(registry);
    for (String result : List.of("applied", "rejected")) {
      tlsReloads.labelValues(result);
    }
  }

  /** Starts the request counter at 0 for each result a Prometheus client can report. */
  public void prometheusResults(Iterable<String> results) {
    for (String result : results) {
      prometheusRequests.labelValues(result);
    }
  }

  /** A policy's replica bounds in force. */
  public void policyBounds(String policy, int min, int max) {
    policyReplicas.labelValues(policy, "min").set(min);
    policyReplicas.labelValues(policy, "max").set(max);
  }

  public void forgetPolicyBounds(String policy) {
    policyReplicas.remove(policy, "min");
    policyReplicas.remove(policy, "max");
  }

  /** One parameter of a signal in force, such as scaleUpAt. */
  public void policyThreshold(String policy, String signal, String threshold, double value) {
    policyThreshold.labelValues(policy, signal, threshold).set(value);
  }

  public void forgetPolicyThreshold(String policy, String signal, String threshold) {
    policyThreshold.remove(policy, signal, threshold);
  }

  /** Drops the series of a ScaledObject that stopped calling, so that label sets stay bounded. */
  public void forget(
      String policy, String namespace, String scaledObject, Iterable<String> signals) {
    desiredReplicas.remove(policy, namespace, scaledObject);
    targetReplicas.remove(policy, namespace, scaledObject);
    for (String signal : signals) {
      signalInput.remove(policy, signal, namespace, scaledObject);
      outOfServicePods.remove(policy, signal, namespace, scaledObject);
    }
  }

  public void targetReplicas(String policy, String namespace, String scaledObject, int replicas) {
    targetReplicas.labelValues(policy, namespace, scaledObject).set(replicas);
  }

  /** Exports whether the watch on a resource (plural, lower case) is up, read at each scrape. */
  public void watching(String resource, BooleanSupplier up) {
    watches.put(resource, up);
  }

  public void policySourceAvailable(boolean available) {
    policySourceAvailable.set(available ? 1 : 0);
  }

  public void grpcCallInFlight(String method) {
    grpcCallsInFlight.labelValues(method).inc();
  }

  public void grpcCallAnswered(String method) {
    grpcCallsInFlight.labelValues(method).dec();
  }

  public void policyReload(String result) {
    policyReloads.labelValues(result).inc();
  }

  public void tlsReload(String result) {
    tlsReloads.labelValues(result).inc();
  }

  public void decided(String policy, String namespace, String scaledObject, int desired) {
    desiredReplicas.labelValues(policy, namespace, scaledObject).set(desired);
  }

  public void signalMeasured(
      String policy,
      String signal,
      String namespace,
      String scaledObject,
      double input,
      int outOfService) {
    signalInput.labelValues(policy, signal, namespace, scaledObject).set(input);
    outOfServicePods.labelValues(policy, signal, namespace, scaledObject).set(outOfService);
  }

  public void samplesDropped(String policy, String signal, int count) {
    droppedSamples.labelValues(policy, signal).inc(count);
  }

  public void lastKnownGoodServed(String policy) {
    lastKnownGoodServed.labelValues(policy).inc();
  }

  public void unavailable(String policy) {
    unavailable.labelValues(policy).inc();
  }

  public void prometheusRequest(String result, double seconds) {
    prometheusRequests.labelValues(result).inc();
    prometheusDuration.observe(seconds);
  }

  public void grpcRequest(String method, String code) {
    grpcRequests.labelValues(method, code).inc();
  }
}
