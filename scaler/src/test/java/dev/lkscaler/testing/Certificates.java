package dev.lkscaler.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test certificates made by the openssl command (Debian's openssl package): CAs and leaf
 * certificates signed by them, PEM, keys in PKCS#8 (P-256), in one directory.
 */
public final class Certificates {
  /** A certificate and its key, as files. */
  public record Pair(Path certificate, Path key) {}

  /** What a leaf certificate may be used for: its extended key usage. */
  public enum Usage {
    SERVER("serverAuth"),
    CLIENT("clientAuth"),
    BOTH("serverAuth,clientAuth");

    private final String extendedKeyUsage;

    Usage(String extendedKeyUsage) {
      this.extendedKeyUsage = extendedKeyUsage;
    }
  }

  private final Path dir;

  public Certificates(Path dir) {
    this.dir = dir;
  }

  /** A self-signed CA named {@code name}. */
  public Pair ca(String name) throws IOException {
    Pair ca = files(name);
    request(
        List.of("-x509"),
        "-keyout",
        ca.key().toString(),
        "-out",
        ca.certificate().toString(),
        "-days",
        "2",
        "-subj",
        "/CN=" + name,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
    return ca;
  }

  /** A leaf for 127.0.0.1 and localhost, valid for two days, signed by {@code ca}. */
  public Pair leaf(String name, Pair ca, Usage usage) throws IOException {
    Pair leaf = files(name);
    Path csr = request(leaf, name);
    Path ext = extensions(name, usage);
    openssl(
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        ca.certificate().toString(),
        "-CAkey",
        ca.key().toString(),
        "-CAcreateserial",
        "-out",
        leaf.certificate().toString(),
        "-days",
        "2",
        "-extfile",
        ext.toString());
    return leaf;
  }

  /** A leaf whose validity ended in 2020. */
  public Pair expiredLeaf(String name, Pair ca, Usage usage) throws IOException {
    Pair leaf = files(name);
    Path csr = request(leaf, name);
    Path db = Files.createDirectories(dir.resolve(name + "-ca"));
    Files.writeString(db.resolve("index.txt"), "");
    Files.writeString(db.resolve("serial"), "1000\n");
    Path config = db.resolve("ca.cnf");
    Files.writeString(
        config,
        """
        [ca]
        default_ca = test
        [test]
        database = %s
        new_certs_dir = %s
        serial = %s
        default_md = sha256
        policy = any
        unique_subject = no
        [any]
        commonName = supplied
        """
            .formatted(db.resolve("index.txt"), db, db.resolve("serial")));
    openssl(
        "ca",
        "-batch",
        "-notext",
        "-config",
        config.toString(),
        "-cert",
        ca.certificate().toString(),
        "-keyfile",
        ca.key().toString(),
        "-in",
        csr.toString(),
        "-out",
        leaf.certificate().toString(),
        "-startdate",
        "20200101000000Z",
        "-enddate",
        "20200102000000Z",
        "-extfile",
        extensions(name, usage).toString());
    return leaf;
  }

  /**
   * A server context for a loopback test server, made without lkscaler's own PEM code: the pair
   * through a PKCS#12 file that openssl writes, the CA through the JDK's certificate factory.
   *
   * @param clientCa the CA whose clients the server trusts, for mutual TLS
   */
  public javax.net.ssl.SSLContext serverContext(Pair server, java.util.Optional<Pair> clientCa)
      throws IOException {
    Path p12 = dir.resolve(server.certificate().getFileName() + ".p12");
    openssl(
        "pkcs12",
        "-export",
        "-in",
        server.certificate().toString(),
        "-inkey",
        server.key().toString(),
        "-out",
        p12.toString(),
        "-passout",
        "pass:test");
    try {
      java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(p12)) {
        keys.load(in, "test".toCharArray());
      }
      javax.net.ssl.KeyManagerFactory keyFactory =
          javax.net.ssl.KeyManagerFactory.getInstance(
              javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      keyFactory.init(keys, "test".toCharArray());
      javax.net.ssl.TrustManager[] trust = null;
      if (clientCa.isPresent()) {
        java.security.KeyStore cas = java.security.KeyStore.getInstance("PKCS12");
        cas.load(null, null);
        try (var in = Files.newInputStream(clientCa.get().certificate())) {
          cas.setCertificateEntry(
              "ca",
              java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory trustFactory =
            javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trustFactory.init(cas);
        trust = trustFactory.getTrustManagers();
      }
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(keyFactory.getKeyManagers(), trust, null);
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  /** A new key for the leaf and its certificate request. */
  private Path request(Pair leaf, String name) throws IOException {
    Path csr = dir.resolve(name + ".csr");
    request(
        List.of(),
        "-keyout",
        leaf.key().toString(),
        "-out",
        csr.toString(),
        "-subj",
        "/CN=" + name);
    return csr;
  }

  private Path extensions(String name, Usage usage) throws IOException {
    Path ext = dir.resolve(name + ".ext");
    Files.writeString(
        ext,
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
            + "keyUsage=critical,digitalSignature\n"
            + "extendedKeyUsage="
            + usage.extendedKeyUsage
            + "\n");
    return ext;
  }

  private Pair files(String name) {
    return new Pair(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
  }

  /** openssl req with a new P-256 key and no passphrase; {@code options} go before the key's. */
  private void request(List<String> options, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("req"));
    args.addAll(options);
    args.addAll(List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"));
    args.addAll(List.of(more));
    openssl(args.toArray(String[]::new));
  }

  private void openssl(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    try {
      if (process.waitFor() != 0) {
        throw new IOException("openssl " + String.join(" ", args) + ": " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
