package dev.lkscaler.logging;

import java.util.regex.Pattern;

/**
 * The last guard before a line leaves the process: credentials in URLs and bearer or basic tokens
 * are masked, whatever code wrote them. Secrets the scaler itself holds never reach a message in
 * the first place; this catches what a library or a server's reply might echo.
 */
public final class Redaction {
  private static final Pattern URL_USERINFO =
      Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s\"]+@");
  private static final Pattern AUTH_TOKEN =
      Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+");

  private Redaction() {}

  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String masked = URL_USERINFO.matcher(text).replaceAll("$1***@");
    return AUTH_TOKEN.matcher(masked).replaceAll("$1 ***");
  }
}
