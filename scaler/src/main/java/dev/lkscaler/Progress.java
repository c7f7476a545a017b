package dev.lkscaler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** A progress bar on stderr for a long fetch; nothing at all when stderr is not a terminal. */
final class Progress implements AutoCloseable {
  private final boolean terminal;
  private final String task;
  private ProgressBar bar;

  Progress(String task) {
    this.terminal = stderrIsTerminal();
    this.task = task;
  }

  /** Whether file descriptor 2 is a terminal (Linux); else whether the JVM has a console. */
  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return System.console() != null;
    }
  }

  /** One unit of {@code total} done. */
  synchronized void step(int total) {
    if (!terminal) {
      return;
    }
    if (bar == null) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(total)
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .build();
    }
    bar.step();
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
