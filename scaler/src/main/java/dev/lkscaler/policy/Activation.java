package dev.lkscaler.policy;

import java.util.Objects;

/** A query that wakes a workload with no pods: active when its value is above the threshold. */
public record Activation(QueryTemplate query, double threshold) {
  public Activation {
    Objects.requireNonNull(query, "query");
  }
}
