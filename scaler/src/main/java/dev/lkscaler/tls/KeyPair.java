package dev.lkscaler.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** A certificate chain and its private key, checked to belong together. */
record KeyPair(List<X509Certificate> chain, PrivateKey key) {
  static KeyPair load(Path certificate, Path privateKey) throws IOException {
    List<X509Certificate> chain = PemFiles.certificates(certificate);
    PrivateKey key = PemFiles.privateKey(privateKey);
    if (!PemFiles.matches(key, chain.get(0))) {
      throw new IOException(
          privateKey + " is not the private key of the certificate in " + certificate);
    }
    return new KeyPair(chain, key);
  }
}
