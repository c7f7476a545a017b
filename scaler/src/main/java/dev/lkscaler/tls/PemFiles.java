package dev.lkscaler.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and PKCS#8 private keys, and checks that a key belongs to a certificate.
 */
public final class PemFiles {
  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private PemFiles() {}

  /** A file's certificates, in order: a chain, or a bundle of CAs. */
  public static List<X509Certificate> certificates(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      List<X509Certificate> certificates = new ArrayList<>();
      for (var certificate :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes))) {
        certificates.add((X509Certificate) certificate);
      }
      if (certificates.isEmpty()) {
        throw new IOException(file + ": no PEM certificate in it");
      }
      return List.copyOf(certificates);
    } catch (CertificateException e) {
      throw new IOException(file + ": not PEM certificates (" + e.getMessage() + ")", e);
    }
  }

  /** The file's PKCS#8 private key ({@code BEGIN PRIVATE KEY}), RSA or EC. */
  public static PrivateKey privateKey(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher matcher = PRIVATE_KEY.matcher(text);
    if (!matcher.find()) {
      throw new IOException(
          file
              + ": no PKCS#8 private key (BEGIN PRIVATE KEY) in it; convert one with"
              + " `openssl pkcs8 -topk8 -nocrypt`, or set cert-manager's privateKey.encoding: PKCS8");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(matcher.group(1));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": the private key is not valid base64", e);
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IOException(file + ": the private key is neither RSA, EC nor Ed25519");
  }

  /** Whether the key signs what the certificate's public key verifies: the two are a pair. */
  public static boolean matches(PrivateKey key, X509Certificate certificate) {
    PublicKey publicKey = certificate.getPublicKey();
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm();
        };
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
