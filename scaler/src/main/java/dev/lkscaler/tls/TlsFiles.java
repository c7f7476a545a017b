package dev.lkscaler.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Key and trust managers over PEM files that follow a rotation on disk without a restart: the files
 * are looked at, at most once per {@code interval}, when a handshake needs them.
 */
public final class TlsFiles {
  /** Told of each change of the files: taken, or refused with the old ones kept, and why. */
  public interface Listener {
    void reloaded(String what);

    void rejected(String what, String problem);
  }

  private final Listener listener;
  private final Clock clock;
  private final Duration interval;

  public TlsFiles(Listener listener, Clock clock, Duration interval) {
    this.listener = listener;
    this.clock = clock;
    this.interval = interval;
  }

  /**
   * A certificate and its PKCS#8 key; a new pair takes over only once both files load and the key
   * is the certificate's, so a pair written half way never does.
   *
   * @throws IOException when the pair does not load now
   */
  public X509ExtendedKeyManager keyManager(Path certificate, Path privateKey) throws IOException {
    return new ReloadingKeyManager(
        new Reloading<>(
            "the certificate " + certificate + " and key " + privateKey,
            List.of(certificate, privateKey),
            () -> KeyPair.load(certificate, privateKey),
            listener,
            clock,
            interval));
  }

  /**
   * Trusts the CAs of a PEM bundle.
   *
   * @throws IOException when the bundle does not load now
   */
  public X509ExtendedTrustManager trustManager(Path caBundle) throws IOException {
    return new ReloadingTrustManager(
        new Reloading<>(
            "the CA bundle " + caBundle,
            List.of(caBundle),
            () -> {
              List<X509Certificate> cas = PemFiles.certificates(caBundle);
              try {
                return ReloadingTrustManager.of(cas);
              } catch (GeneralSecurityException e) {
                throw new IOException(caBundle + ": " + e.getMessage(), e);
              }
            },
            listener,
            clock,
            interval));
  }

  /** A client context: its own certificate when given, and these CAs or the JDK's. */
  public static SSLContext clientContext(
      Optional<KeyManager> keyManager, Optional<TrustManager> trustManager) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keyManager.map(k -> new KeyManager[] {k}).orElse(null),
          trustManager.map(t -> new TrustManager[] {t}).orElse(null),
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no TLS: " + e.getMessage(), e);
    }
  }

  /**
   * Trusts any server certificate and checks no host name: {@code insecureSkipVerify}, for tests
   * and for servers whose CA cannot be had. Anyone on the path can read and change the queries.
   */
  public static X509ExtendedTrustManager trustingAnyServer() {
    return new X509ExtendedTrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        throw new UnsupportedOperationException("a client trust manager only");
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException("a client trust manager only");
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("a client trust manager only");
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
  }
}
