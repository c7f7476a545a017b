package dev.lkscaler.prometheus;

import dev.lkscaler.policy.ClientTls;
import dev.lkscaler.tls.TlsFiles;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP client for each TLS setting of the policy file, made at first use and kept: its key and
 * trust managers follow rotated files themselves. Files that do not load are tried again at the
 * next request.
 */
public final class HttpClients {
  private static final Logger log = LoggerFactory.getLogger(HttpClients.class);

  private final HttpClient plain;
  private final TlsFiles files;
  private final ConcurrentHashMap<ClientTls, HttpClient> byTls = new ConcurrentHashMap<>();

  /**
   * @param plain the client for settings without TLS of their own (the JDK's trust)
   */
  public HttpClients(HttpClient plain, TlsFiles files) {
    this.plain = plain;
    this.files = files;
  }

  /** A TLS setting's files did not load. */
  static final class TlsUnavailable extends IOException {
    private static final long serialVersionUID = 1L;

    TlsUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  HttpClient client(Optional<ClientTls> tls) throws TlsUnavailable {
    if (tls.isEmpty()) {
      return plain;
    }
    HttpClient known = byTls.get(tls.get());
    if (known != null) {
      return known;
    }
    HttpClient made = make(tls.get());
    HttpClient raced = byTls.putIfAbsent(tls.get(), made);
    return raced != null ? raced : made;
  }

  private HttpClient make(ClientTls tls) throws TlsUnavailable {
    try {
      Optional<KeyManager> keyManager = Optional.empty();
      if (tls.certFile().isPresent()) {
        keyManager =
            Optional.of(
                files.keyManager(
                    Path.of(tls.certFile().get()), Path.of(tls.keyFile().orElseThrow())));
      }
      Optional<TrustManager> trustManager = Optional.empty();
      if (tls.insecureSkipVerify()) {
        log.warn(
            "prometheus.tls.insecureSkipVerify: the Prometheus server's certificate and host name"
                + " are not checked; anyone on the path can read and change queries and answers");
        trustManager = Optional.of(TlsFiles.trustingAnyServer());
      } else if (tls.caFile().isPresent()) {
        trustManager = Optional.of(files.trustManager(Path.of(tls.caFile().get())));
      }
      SSLContext context = TlsFiles.clientContext(keyManager, trustManager);
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .sslContext(context)
          .build();
    } catch (IOException e) {
      throw new TlsUnavailable("prometheus.tls: " + e.getMessage(), e);
    }
  }
}
