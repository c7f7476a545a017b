package dev.lkscaler.testing;

import java.io.File;
import java.util.Optional;
import java.util.stream.Stream;

/** Programs of Debian's prometheus package (the server, promtool). */
public final class Binaries {
  private Binaries() {}

  /** The path in {@code variable}, else {@code name} in /usr/bin or /usr/local/bin. */
  public static Optional<String> find(String variable, String name) {
    String configured = System.getenv(variable);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(configured);
    }
    return Stream.of("/usr/bin/", "/usr/local/bin/")
        .map(dir -> dir + name)
        .filter(path -> new File(path).canExecute())
        .findFirst();
  }
}
