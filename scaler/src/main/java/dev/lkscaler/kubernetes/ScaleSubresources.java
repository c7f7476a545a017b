package dev.lkscaler.kubernetes;

import dev.lkscaler.scaling.ScaleTargets.Status;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Replica counts of scale targets other than Deployments and StatefulSets (Argo Rollouts, custom
 * resources), read from their {@code /scale} subresource by a background refresh, so that a call
 * never waits on the API. Targets nobody asked about for a while are forgotten.
 */
public final class ScaleSubresources implements AutoCloseable {
  /**
   * How the background refresh runs: on which scheduler and clock, how often, and when a target
   * nobody asked about is forgotten.
   */
  public record Refresh(
      ScheduledExecutorService scheduler, Clock clock, Duration every, Duration forgetAfter) {}

  private final KubernetesClient client;
  private final Refresh refresh;
  private final Map<Target, Entry> entries = new ConcurrentHashMap<>();
  private ScheduledFuture<?> task;

  private record Target(String namespace, String apiVersion, String kind, String name) {}

  private static final class Entry {
    volatile Status status;
    volatile Instant askedAt;

    Entry(Status status, Instant askedAt) {
      this.status = status;
      this.askedAt = askedAt;
    }
  }

  public ScaleSubresources(KubernetesClient client, Refresh refresh) {
    this.client = client;
    this.refresh = refresh;
  }

  public ScaleSubresources start() {
    task =
        refresh
            .scheduler()
            .scheduleWithFixedDelay(
                this::refreshAll,
                refresh.every().toMillis(),
                refresh.every().toMillis(),
                TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * The last count read; the first lookup of a target starts a read and is unknown until it ends.
   */
  Status status(String namespace, String apiVersion, String kind, String name) {
    Target target = new Target(namespace, apiVersion, kind, name);
    Entry entry =
        entries.computeIfAbsent(
            target,
            t -> {
              Entry fresh =
                  new Entry(
                      Status.unknown(name, "reading the /scale of " + describe(t)),
                      refresh.clock().instant());
              refresh.scheduler().execute(() -> read(t, fresh));
              return fresh;
            });
    entry.askedAt = refresh.clock().instant();
    return entry.status;
  }

  private void refreshAll() {
    Instant cutoff = refresh.clock().instant().minus(refresh.forgetAfter());
    entries.entrySet().removeIf(e -> e.getValue().askedAt.isBefore(cutoff));
    entries.forEach(this::read);
  }

  private void read(Target target, Entry entry) {
    try {
      Scale scale =
          client
              .genericKubernetesResources(target.apiVersion(), target.kind())
              .inNamespace(target.namespace())
              .withName(target.name())
              .scale();
      Integer count =
          scale == null || scale.getStatus() == null ? null : scale.getStatus().getReplicas();
      entry.status =
          scale == null
              ? Status.unknown(target.name(), "no " + describe(target))
              : Status.known(target.name(), count == null ? 0 : count);
    } catch (KubernetesClientException e) {
      entry.status =
          Status.unknown(
              target.name(),
              switch (e.getCode()) {
                case 404 -> "no " + describe(target);
                case 403 -> "forbidden to read the /scale of " + describe(target);
                default -> "cannot read the /scale of " + describe(target) + ": " + e.getMessage();
              });
    } catch (RuntimeException e) {
      entry.status =
          Status.unknown(target.name(), "cannot read the /scale of " + describe(target) + ": " + e);
    }
  }

  private static String describe(Target target) {
    return target.kind() + " " + target.namespace() + "/" + target.name();
  }

  @Override
  public void close() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
