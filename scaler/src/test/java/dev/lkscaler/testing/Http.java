package dev.lkscaler.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs on the loopback servers the fixtures start: lkscaler, Prometheus. */
public final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private Http() {}

  /** The body of the reply, whatever its status. */
  public static String get(URI uri, Duration timeout) throws IOException, InterruptedException {
    return send(uri, timeout, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The status of the reply, or -1 while nothing answers. */
  public static int status(URI uri, Duration timeout) throws InterruptedException {
    try {
      return send(uri, timeout, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException notYet) {
      return -1;
    }
  }

  private static <T> HttpResponse<T> send(
      URI uri, Duration timeout, HttpResponse.BodyHandler<T> body)
      throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(uri).timeout(timeout).build(), body);
  }
}
