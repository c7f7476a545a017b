package dev.lkscaler.tuning;

import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.plan.QueryPlan;
import dev.lkscaler.prometheus.HttpClients;
import dev.lkscaler.prometheus.PrometheusClient;
import dev.lkscaler.tls.TlsFiles;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every query of a plan at one time, with the series' labels: what explain shows. The client is the
 * one live calls use, so failures read the same.
 */
public final class PlanReader {
  private final PrometheusClient client;

  public PlanReader(PrometheusClient client) {
    this.client = client;
  }

  /** A client for a command line tool: TLS file problems go to {@code err}, no metrics. */
  public static PrometheusClient client(PrintWriter err, Clock clock) {
    TlsFiles files =
        new TlsFiles(
            new TlsFiles.Listener() {
              @Override
              public void reloaded(String what) {}

              @Override
              public void rejected(String what, String problem) {
                err.println("lkscaler: " + what + ": " + problem);
              }
            },
            clock,
            Duration.ofSeconds(1));
    return new PrometheusClient(
        new HttpClients(
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), files),
        JsonMapper.builder().build(),
        (result, took) -> {},
        System::getenv,
        clock);
  }

  /**
   * @param at the evaluation time; Prometheus' "now" when empty
   */
  public Map<String, QueryResult> readAll(QueryPlan plan, Optional<Instant> at) {
    Map<String, CompletableFuture<QueryResult>> pending = new LinkedHashMap<>();
    for (String query : plan.queries()) {
      pending.put(query, client.query(plan.prometheus(), query, at, true));
    }
    Map<String, QueryResult> results = new LinkedHashMap<>();
    pending.forEach((query, reply) -> results.put(query, reply.join()));
    return results;
  }
}
