package dev.lkscaler.reload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads the policy file now and then on a fixed interval. Reading through the path, rather than
 * watching it, follows the kubelet's swap of the {@code ..data} symlink of a mounted ConfigMap,
 * which file watches miss.
 */
public final class FilePolicySource implements AutoCloseable {
  private final Path file;
  private final PolicyStore store;
  private final ScheduledExecutorService scheduler;
  private final Duration interval;
  private ScheduledFuture<?> task;

  public FilePolicySource(
      Path file, PolicyStore store, ScheduledExecutorService scheduler, Duration interval) {
    this.file = file;
    this.store = store;
    this.scheduler = scheduler;
    this.interval = interval;
  }

  /** Reads the file once at once, then on every interval. */
  public FilePolicySource start() {
    check();
    task =
        scheduler.scheduleWithFixedDelay(
            this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  void check() {
    String origin = "file " + file;
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      store.unavailable(origin, "the file does not exist");
      return;
    } catch (IOException e) {
      store.unavailable(origin, "cannot read: " + e.getMessage());
      return;
    }
    store.offer(
        origin,
        "sha256:" + sha256(bytes).substring(0, 12),
        new String(bytes, StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public void close() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
