package dev.lkscaler.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;
import java.util.function.Function;

/**
 * Logback's configuration, in code rather than logback.xml: parsing XML took a tenth of a second of
 * every start. One JSON object per line on stdout, for Loki ({@code LKSCALER_LOG_FORMAT=text} gives
 * plain lines); {@code LKSCALER_LOG_LEVEL} sets the root level. A {@code logback.configurationFile}
 * system property still wins.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  /** Loggers that say too much at their own level. */
  static final Map<String, Level> QUIETER =
      Map.of(
          "io.grpc",
          Level.WARN,
          // our own lines say when a watch fails, once a minute; these repeat on every retry
          "io.fabric8.kubernetes.client.informers.impl.cache.Reflector",
          Level.ERROR,
          "io.fabric8.kubernetes.client.dsl.internal.AbstractWatchManager",
          Level.ERROR,
          // ScaledObjects are keda.sh/v1alpha1 in every KEDA release; the warning is noise
          "io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils",
          Level.ERROR);

  private final Function<String, String> environment;

  /** For logback's ServiceLoader. */
  public LogSetup() {
    this(System::getenv);
  }

  LogSetup(Function<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.NEUTRAL;
    }
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setContext(context);
    encoder.setFormat(environment.apply("LKSCALER_LOG_FORMAT"));
    encoder.start();
    ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
    stdout.setContext(context);
    stdout.setName("stdout");
    stdout.setEncoder(encoder);
    stdout.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(environment.apply("LKSCALER_LOG_LEVEL"), Level.INFO));
    root.addAppender(stdout);
    QUIETER.forEach((name, level) -> context.getLogger(name).setLevel(level));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
