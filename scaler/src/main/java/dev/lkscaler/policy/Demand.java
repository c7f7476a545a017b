package dev.lkscaler.policy;

import java.util.Objects;

/**
 * The work that wants a pod, beside the work the pods took: a utilization signal scales its load by
 * their ratio, so that work no pod could take counts too.
 *
 * @param wanted work that wants a pod, taken or not (rooms, dispatch requests)
 * @param served the same work, as far as the pods took it (their jobs)
 * @param perReplica the wanted work one replica takes at scaleUpAt: used while none is served
 */
public record Demand(QueryTemplate wanted, QueryTemplate served, double perReplica) {
  public Demand {
    Objects.requireNonNull(wanted, "wanted");
    Objects.requireNonNull(served, "served");
    PolicyKeys.DEMAND_PER_REPLICA.require(perReplica);
  }
}
