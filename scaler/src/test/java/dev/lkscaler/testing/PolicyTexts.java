package dev.lkscaler.testing;

/** Entries of a policy file's {@code policies:} that several tests use, indented under it. */
public final class PolicyTexts {
  /**
   * The example for SIP (calls against 100 per pod, filled to half) and egress (2 idle).
   */
  public static final String SIP_AND_EGRESS =
      """
        sip:
          signals:
            - {name: calls, type: capacity, query: 'sum(livekit_sip_calls_active{namespace="{{namespace}}"})', capacityPerReplica: 100, targetUtilization: 0.5}
        egress:
          signals:
            - {name: idle, type: headroom, query: 'livekit_egress_available{namespace="{{namespace}}"}', minIdle: 2}
      """;

  /**
   * agents: an activation query and a utilization signal with {@code {{tenant}}} from the trigger's
   * metadata; idle: a utilization signal that reads no series as zero load.
   */
  public static final String AGENTS_AND_IDLE =
      """
        agents:
          minReplicas: 1
          maxReplicas: 100
          activation: {query: 'rooms{namespace="{{namespace}}"}', threshold: 0}
          signals:
            - {name: cpu, type: utilization, query: 'load{namespace="{{namespace}}",tenant="{{tenant}}"}'}
        idle:
          signals:
            - {name: cpu, type: utilization, query: 'load{namespace="{{namespace}}"}', onEmpty: zero}
      """;

  /**
   * A whole policy file on this Prometheus: a 1 s cache and, for each name, a policy of one
   * utilization signal on {@code load{namespace="{{namespace}}"}}.
   */
  public static String loadPolicies(java.net.URI prometheus, String... names) {
    StringBuilder text =
        new StringBuilder("prometheus: {url: " + prometheus + "}\ncache: {ttl: 1s}\npolicies:\n");
    for (String name : names) {
      text.append("  ")
          .append(name)
          .append(
              ": {signals: [{name: load, type: utilization, query: 'load{namespace=\"{{namespace}}\"}'}]}\n");
    }
    return text.toString();
  }

  private PolicyTexts() {}
}
