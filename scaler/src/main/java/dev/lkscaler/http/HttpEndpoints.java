package dev.lkscaler.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lkscaler.scaling.DecisionBoard;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import tools.jackson.databind.ObjectMapper;

/**
 * /metrics, /healthz (the process is alive), /readyz (a policy is loaded and gRPC serves),
 * /decisions (the recent answers as JSON) and / (a page that shows them).
 */
public final class HttpEndpoints {
  private final HttpServer server;
  private final ExecutorService executor;

  public HttpEndpoints(
      InetSocketAddress address,
      PrometheusRegistry registry,
      BooleanSupplier ready,
      Supplier<List<DecisionBoard.Entry>> decisions,
      ObjectMapper mapper,
      Clock clock)
      throws IOException {
    DecisionsJson json = new DecisionsJson(mapper);
    byte[] page = page();
    server = HttpServer.create(address, 0);
    executor =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "http-endpoints");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/metrics", new MetricsHandler(registry));
    server.createContext("/healthz", exchange -> reply(exchange, 200, "ok\n"));
    server.createContext(
        "/readyz",
        exchange -> {
          if (ready.getAsBoolean()) {
            reply(exchange, 200, "ready\n");
          } else {
            reply(exchange, 503, "not ready\n");
          }
        });
    server.createContext(
        "/decisions",
        exchange ->
            reply(
                exchange,
                200,
                "application/json",
                json.render(decisions.get(), clock.instant()).getBytes(StandardCharsets.UTF_8)));
    server.createContext(
        "/",
        exchange -> {
          if (exchange.getRequestURI().getPath().equals("/")) {
            reply(exchange, 200, "text/html; charset=utf-8", page);
          } else {
            reply(exchange, 404, "not found\n");
          }
        });
  }

  private static byte[] page() throws IOException {
    try (InputStream in = HttpEndpoints.class.getResourceAsStream("decisions.html")) {
      if (in == null) {
        throw new IOException("decisions.html is missing from the jar");
      }
      return in.readAllBytes();
    }
  }

  public HttpEndpoints start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    reply(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(HttpExchange exchange, int status, String type, byte[] bytes)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
