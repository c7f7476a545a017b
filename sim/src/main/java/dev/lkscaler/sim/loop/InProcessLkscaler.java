package dev.lkscaler.sim.loop;

import dev.lkscaler.Scaler;
import dev.lkscaler.testing.Exposition;
import dev.lkscaler.testing.Scalers;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * lkscaler itself, started in this process through its composition root, on free loopback ports,
 * with a policy file and a Kubernetes client of the mock API server.
 */
public final class InProcessLkscaler implements AutoCloseable {
  private static final Duration READY_WITHIN = Duration.ofSeconds(15);

  private final Scaler scaler;

  private InProcessLkscaler(Scaler scaler) {
    this.scaler = scaler;
  }

  /** Writes the policy to {@code policyFile}, starts lkscaler and waits until /readyz says so. */
  public static InProcessLkscaler start(
      Path policyFile, String policy, KubernetesClient kubernetes, Clock clock) throws IOException {
    return new InProcessLkscaler(
        Scalers.start(policyFile, policy, Optional.of(kubernetes), clock, READY_WITHIN));
  }

  public int grpcPort() {
    return scaler.grpcPort();
  }

  public String address() {
    return "127.0.0.1:" + scaler.grpcPort();
  }

  /**
   * Calls that a policy answered without fresh data so far: last known good or UNAVAILABLE, from
   * lkscaler's own /metrics. A call that leaves this unchanged was answered from fresh data.
   */
  public long stalePolicyAnswers(String policy) throws IOException, InterruptedException {
    String metrics = Exposition.scrape(scaler.httpPort());
    return (long)
        (Exposition.sum(metrics, "lkscaler_last_known_good_served_total", "policy", policy)
            + Exposition.sum(metrics, "lkscaler_decisions_unavailable_total", "policy", policy));
  }

  @Override
  public void close() {
    scaler.stop(Duration.ofSeconds(2));
  }
}
