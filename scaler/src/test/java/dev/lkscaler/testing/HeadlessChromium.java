package dev.lkscaler.testing;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's chromium, headless, with one page open and driven over the DevTools protocol: the page
 * keeps running between reads, as a user's tab does, so a test sees it refresh itself.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
  private final List<String> output = new ArrayList<>();

  /** The binary: $CHROMIUM_BIN, else chromium on the PATH. */
  public static String binary() {
    return Binaries.find("CHROMIUM_BIN", "chromium")
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "chromium is not installed: apt-get install chromium, or set CHROMIUM_BIN"));
  }

  /** Opens {@code url} in a new headless browser whose profile lives under {@code dir}. */
  public static HeadlessChromium open(URI url, Path dir) throws Exception {
    return new HeadlessChromium(url, dir);
  }

  private HeadlessChromium(URI url, Path dir) throws Exception {
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    process =
        new ProcessBuilder(
                binary(),
                "--headless=new",
                // root in a container has no user namespace for the sandbox
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--window-size=1400,700",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                url.toString())
            .redirectErrorStream(true)
            .start();
    try {
      String browser = awaitListening(Duration.ofSeconds(30));
      URI page = pageSocket(URI.create(browser), url, Duration.ofSeconds(30));
      socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(page, new Replies())
              .get(30, TimeUnit.SECONDS);
    } catch (Exception | Error e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Reads chromium's output until it names its DevTools socket; the rest is drained to a list. */
  private String awaitListening(Duration timeout) throws Exception {
    CompletableFuture<String> found = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  synchronized (output) {
                    output.add(line);
                  }
                  Matcher matcher = LISTENING.matcher(line);
                  if (matcher.find()) {
                    found.complete(matcher.group(1));
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
              found.completeExceptionally(
                  new IllegalStateException("chromium ended without a DevTools socket: " + log()));
            },
            "chromium-output");
    reader.setDaemon(true);
    reader.start();
    return found.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private String log() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** The page target's socket, from the browser's /json/list, once the page is listed. */
  private static URI pageSocket(URI browser, URI url, Duration timeout) {
    URI list = URI.create("http://" + browser.getAuthority() + "/json/list");
    AtomicReference<URI> page = new AtomicReference<>();
    await("chromium lists a page at " + url)
        .atMost(timeout)
        .ignoreExceptions()
        .until(
            () -> {
              for (JsonNode target : JSON.readTree(Http.get(list, Duration.ofSeconds(5)))) {
                if (target.path("type").asString().equals("page")
                    && target.path("url").asString().startsWith(url.toString())) {
                  page.set(URI.create(target.path("webSocketDebuggerUrl").asString()));
                }
              }
              return page.get() != null;
            });
    return page.get();
  }

  private final class Replies implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonNode message = JSON.readTree(partial.toString());
        partial.setLength(0);
        if (message.has("id")) {
          CompletableFuture<JsonNode> reply = replies.remove(message.get("id").asInt());
          if (reply != null) {
            reply.complete(message);
          }
        }
      }
      webSocket.request(1);
      return null;
    }
  }

  private JsonNode call(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.put(id, reply);
    socket
        .sendText(
            JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
        .get(10, TimeUnit.SECONDS);
    JsonNode message = reply.get(20, TimeUnit.SECONDS);
    if (message.has("error")) {
      throw new IllegalStateException(method + " failed: " + message.get("error"));
    }
    return message.get("result");
  }

  /**
   * The value of a JavaScript expression in the page, as JSON: the expression should give a string,
   * a number, a boolean, or an object of those.
   */
  public JsonNode evaluate(String expression) throws Exception {
    JsonNode result =
        call(
            "Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException(
          "the page threw on " + expression + ": " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** A PNG of the window as it is now. */
  public void screenshot(Path file) throws Exception {
    write(file, call("Page.captureScreenshot", Map.of("format", "png")));
  }

  /** A PNG of the whole page, beyond the window, as it is now. */
  public void screenshotWholePage(Path file) throws Exception {
    JsonNode size = call("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
    Map<String, Object> clip =
        Map.of(
            "x", 0,
            "y", 0,
            "width", size.get("width").asDouble(),
            "height", size.get("height").asDouble(),
            "scale", 1);
    write(
        file,
        call(
            "Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true, "clip", clip)));
  }

  private static void write(Path file, JsonNode result) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(result.get("data").asString()));
  }

  @Override
  public void close() {
    try {
      socket.abort();
    } finally {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
