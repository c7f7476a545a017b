package dev.lkscaler.scaling;

import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.policy.Policy;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.policy.PrometheusSettings;
import dev.lkscaler.prometheus.QueryCache;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The policy in force together with the sample cache that serves it. A reload keeps the cache and
 * drops the samples of the policies that changed; a new Prometheus or TTL starts a new cache.
 */
public final class PolicyRuntime {
  /** A policy set and its cache, always swapped together. */
  public record Active(PolicySet policies, QueryCache cache) {}

  private final Function<PrometheusSettings, Function<String, CompletableFuture<QueryResult>>>
      clients;
  private final Clock clock;
  private final AtomicReference<Active> active = new AtomicReference<>();

  /**
   * @param clients builds the query function for a Prometheus
   */
  public PolicyRuntime(
      Function<PrometheusSettings, Function<String, CompletableFuture<QueryResult>>> clients,
      Clock clock) {
    this.clients = clients;
    this.clock = clock;
  }

  public Optional<Active> active() {
    return Optional.ofNullable(active.get());
  }

  /** Puts a new policy set in force. */
  public synchronized void apply(PolicySet next) {
    Active old = active.get();
    QueryCache cache;
    if (old == null
        || !old.policies().prometheus().equals(next.prometheus())
        || !old.policies().cache().ttl().equals(next.cache().ttl())) {
      cache = new QueryCache(clients.apply(next.prometheus()), clock, next.cache().ttl());
    } else {
      cache = old.cache();
      TreeSet<String> names = new TreeSet<>(old.policies().policies().keySet());
      names.addAll(next.policies().keySet());
      for (String name : names) {
        Policy before = old.policies().policies().get(name);
        if (!Objects.equals(before, next.policies().get(name))) {
          cache.dropPolicy(name);
        }
      }
    }
    active.set(new Active(next, cache));
  }
}
