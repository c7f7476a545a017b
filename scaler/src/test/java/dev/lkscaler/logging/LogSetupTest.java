package dev.lkscaler.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogSetupTest {
  private static LoggerContext configured(Map<String, String> environment) {
    LoggerContext context = new LoggerContext();
    assertThat(new LogSetup(environment::get).configure(context))
        .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    return context;
  }

  private static String line(LoggerContext context, String message) {
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    ConsoleAppender<ILoggingEvent> stdout =
        (ConsoleAppender<ILoggingEvent>) root.getAppender("stdout");
    LoggingEvent event = new LoggingEvent("x", root, Level.INFO, message, null, null);
    return new String(stdout.getEncoder().encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void byDefaultJsonLinesAtInfoWithNoisyLibrariesQuieter() {
    LoggerContext context = configured(Map.of());
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.grpc").getLevel()).isEqualTo(Level.WARN);
    assertThat(
            context
                .getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils")
                .getLevel())
        .isEqualTo(Level.ERROR);
    assertThat(line(context, "hello")).startsWith("{\"ts\":").contains("\"msg\":\"hello\"");
  }

  @Test
  void theEnvironmentSetsFormatAndLevel() {
    LoggerContext context =
        configured(Map.of("LKSCALER_LOG_FORMAT", "text", "LKSCALER_LOG_LEVEL", "DEBUG"));
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
    assertThat(line(context, "hello")).doesNotStartWith("{").contains("INFO  ").contains("hello");
  }
}
