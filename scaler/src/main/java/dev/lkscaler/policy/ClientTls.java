package dev.lkscaler.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * How lkscaler's Prometheus client does TLS: the CAs it trusts (the JDK's when none), the client
 * certificate it presents, or no checks at all.
 *
 * @param insecureSkipVerify trust any server certificate and host name
 */
public record ClientTls(
    Optional<String> caFile,
    Optional<String> certFile,
    Optional<String> keyFile,
    boolean insecureSkipVerify) {
  public ClientTls {
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException("certFile and keyFile go together");
    }
    if (insecureSkipVerify && caFile.isPresent()) {
      throw new IllegalArgumentException("a caFile is not read with insecureSkipVerify");
    }
  }
}
