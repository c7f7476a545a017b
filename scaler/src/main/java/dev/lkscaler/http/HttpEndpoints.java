package dev.lkscaler.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** /metrics, /healthz (the process is alive) and /readyz (a policy is loaded and gRPC serves). */
public final class HttpEndpoints {
  private final HttpServer server;
  private final ExecutorService executor;

  public HttpEndpoints(
      InetSocketAddress address, PrometheusRegistry registry, BooleanSupplier ready)
      throws IOException {
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
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
