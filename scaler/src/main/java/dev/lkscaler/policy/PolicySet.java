package dev.lkscaler.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** A whole policy file: the Prometheus to ask, cache settings and the named policies. */
public record PolicySet(
    PrometheusSettings prometheus, CacheSettings cache, SortedMap<String, Policy> policies) {
  public PolicySet {
    Objects.requireNonNull(prometheus, "prometheus");
    Objects.requireNonNull(cache, "cache");
    policies = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(policies));
  }

  public Optional<Policy> policy(String name) {
    return Optional.ofNullable(policies.get(name));
  }
}
