package dev.lkscaler.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server that answers {@code /api/v1/query} with canned replies, counts requests
 * and can hold them, to test what the real Prometheus cannot be made to do on demand.
 */
public final class FakePrometheus implements AutoCloseable {
  /** A canned reply. */
  public record Reply(int status, String body) {}

  /** How the server answers a request: whatever a broken server or proxy might do. */
  @FunctionalInterface
  public interface Behavior {
    void answer(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final String scheme;
  private volatile java.util.function.Supplier<String> authorization;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
  private final List<String> forms = new CopyOnWriteArrayList<>();
  private volatile Reply fallback = new Reply(200, vectorBody());
  private volatile Behavior behavior;
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final CountDownLatch closing = new CountDownLatch(1);

  public FakePrometheus() throws IOException {
    this(0);
  }

  /** On this loopback port: another fake on the port of a closed one is the server come back. */
  public FakePrometheus(int port) throws IOException {
    this(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0), "http");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private FakePrometheus(HttpServer server, String scheme) {
    this.server = server;
    this.scheme = scheme;
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Over TLS with this context; with {@code needClientAuth}, a client must present a certificate
   * the context trusts.
   */
  public static FakePrometheus https(javax.net.ssl.SSLContext context, boolean needClientAuth)
      throws IOException {
    com.sun.net.httpserver.HttpsServer server =
        com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(
        new com.sun.net.httpserver.HttpsConfigurator(context) {
          @Override
          public void configure(com.sun.net.httpserver.HttpsParameters params) {
            javax.net.ssl.SSLParameters parameters = context.getDefaultSSLParameters();
            parameters.setNeedClientAuth(needClientAuth);
            params.setSSLParameters(parameters);
          }
        });
    return new FakePrometheus(server, "https");
  }

  /**
   * Answers 401 unless the Authorization header is what {@code expected} gives now; its body echoes
   * what came, as some servers do, so that tests see whether the scaler shows it.
   */
  public FakePrometheus requireAuthorization(java.util.function.Supplier<String> expected) {
    this.authorization = expected;
    return this;
  }

  public URI url() {
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The reply for one query text. */
  public FakePrometheus reply(String query, int status, String body) {
    replies.put(query, new Reply(status, body));
    return this;
  }

  /** The reply for queries without their own. */
  public FakePrometheus replyToAll(int status, String body) {
    fallback = new Reply(status, body);
    return this;
  }

  /** Answers every request this way, until {@link #behaveNormally()}. */
  public FakePrometheus behave(Behavior behavior) {
    this.behavior = behavior;
    return this;
  }

  /** Back to the canned replies. */
  public FakePrometheus behaveNormally() {
    this.behavior = null;
    return this;
  }

  /** Holds every request until {@link #release()}. */
  public void hold() {
    gate = new CountDownLatch(1);
  }

  public void release() {
    gate.countDown();
  }

  public int requests() {
    return requests.get();
  }

  public List<Map<String, List<String>>> headers() {
    return headers;
  }

  public List<String> forms() {
    return forms;
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    headers.add(Map.copyOf(exchange.getRequestHeaders()));
    String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    forms.add(form);
    try {
      gate.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String query = "";
    for (String pair : form.split("&")) {
      if (pair.startsWith("query=")) {
        query = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
      }
    }
    java.util.function.Supplier<String> required = authorization;
    if (required != null) {
      String sent = exchange.getRequestHeaders().getFirst("Authorization");
      if (sent == null || !sent.equals(required.get())) {
        send(
            exchange,
            401,
            ("{\"status\":\"error\",\"errorType\":\"unauthorized\",\"error\":\"bad"
                    + " credentials: "
                    + sent
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        return;
      }
    }
    Behavior special = behavior;
    if (special != null) {
      try {
        special.answer(exchange);
      } catch (IOException clientGone) {
        // the scaler stopped reading
      } finally {
        exchange.close();
      }
      return;
    }
    Reply reply = replies.getOrDefault(query, fallback);
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    try {
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException clientGone) {
      // the scaler stopped waiting
    }
  }

  /** A status and body, with one more response header. */
  public static Behavior withHeader(int status, String body, String header, String value) {
    return exchange -> {
      exchange.getResponseHeaders().set(header, value);
      send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    };
  }

  /** The reply after a pause (a slow server or query), or at once when the server closes. */
  public Behavior slow(Duration pause, int status, String body) {
    return exchange -> {
      try {
        if (closing.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    };
  }

  /** Headers and the start of a body, then nothing more until the server closes. */
  public Behavior stallMidBody(String start) {
    return exchange -> {
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      out.write(start.getBytes(StandardCharsets.UTF_8));
      out.flush();
      try {
        closing.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** A length that promises more than is sent, then the connection closes: a reset mid-body. */
  public static Behavior closeMidBody(String start) {
    return exchange -> {
      byte[] bytes = start.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length * 10L);
      OutputStream out = exchange.getResponseBody();
      out.write(bytes);
      out.flush();
      // closing the exchange short of the length drops the connection
    };
  }

  /**
   * A 200 body of about {@code bytes} bytes: a vector whose one series' label runs on, sent in
   * chunks as a proxy streams it, so its size is only known by reading it.
   */
  public static Behavior hugeBody(long bytes) {
    return exchange -> {
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      out.write(
          "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"pod\":\""
              .getBytes(StandardCharsets.UTF_8));
      byte[] filler = new byte[64 * 1024];
      java.util.Arrays.fill(filler, (byte) 'x');
      for (long sent = 0; sent < bytes; sent += filler.length) {
        out.write(filler);
      }
      out.write(("\"},\"value\":[" + now() + ",\"1\"]}]}}").getBytes(StandardCharsets.UTF_8));
    };
  }

  private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Now, as Prometheus stamps an instant query's samples: seconds with milliseconds. */
  private static String now() {
    return seconds(java.time.Instant.now());
  }

  private static String seconds(java.time.Instant at) {
    return String.format(java.util.Locale.ROOT, "%.3f", at.toEpochMilli() / 1000.0);
  }

  /** The body of a vector result with one series per value. */
  public static String vectorBody(String... values) {
    return vectorBody(java.time.Instant.now(), values);
  }

  /** The body of a vector result evaluated at {@code at}, with one series per value. */
  public static String vectorBody(java.time.Instant at, String... values) {
    StringBuilder series = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        series.append(',');
      }
      series
          .append("{\"metric\":{\"pod\":\"p")
          .append(i)
          .append("\"},\"value\":[")
          .append(seconds(at))
          .append(",\"")
          .append(values[i])
          .append("\"]}");
    }
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + series
        + "]}}";
  }

  public static String scalarBody(String value) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":["
        + now()
        + ",\""
        + value
        + "\"]}}";
  }

  @Override
  public void close() {
    closing.countDown();
    release();
    server.stop(0);
    executor.shutdownNow();
  }
}
