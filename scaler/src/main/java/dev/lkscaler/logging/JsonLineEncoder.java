package dev.lkscaler.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * One flat JSON object per line, ready for Loki's json stage: {@code ts}, {@code level}, {@code
 * logger}, {@code msg}, then the event's key-value pairs (policy, namespace, scaledobject, desired,
 * reason, ...) as top-level fields, and {@code exception} when there is one. With format {@code
 * text}, a plain line for a terminal instead.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final Set<String> RESERVED =
      Set.of("ts", "level", "logger", "msg", "thread", "exception");
  private final JsonFactory factory = new JsonFactory();
  private boolean text;

  /** {@code json} (the default) or {@code text}; logback sets it from the configuration. */
  public void setFormat(String format) {
    text = "text".equalsIgnoreCase(format == null ? "" : format.strip());
  }

  @Override
  public byte[] headerBytes() {
    return new byte[0];
  }

  @Override
  public byte[] footerBytes() {
    return new byte[0];
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    if (text) {
      return textLine(event);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = factory.createGenerator(ObjectWriteContext.empty(), out)) {
      json.writeStartObject();
      json.writeStringProperty(
          "ts", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(event.getTimeStamp())));
      json.writeStringProperty("level", event.getLevel().toString());
      json.writeStringProperty("logger", shortName(event.getLoggerName()));
      json.writeStringProperty("msg", Redaction.redact(event.getFormattedMessage()));
      json.writeStringProperty("thread", event.getThreadName());
      if (event.getKeyValuePairs() != null) {
        for (KeyValuePair pair : event.getKeyValuePairs()) {
          String key = RESERVED.contains(pair.key) ? "kv_" + pair.key : pair.key;
          json.writeName(key);
          writeValue(json, pair.value);
        }
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        json.writeStringProperty(
            "exception", Redaction.redact(ThrowableProxyUtil.asString(thrown)));
      }
      json.writeEndObject();
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static byte[] textLine(ILoggingEvent event) {
    StringBuilder line =
        new StringBuilder()
            .append(
                DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(event.getTimeStamp())))
            .append(' ')
            .append(String.format("%-5s", event.getLevel()))
            .append(' ')
            .append(shortName(event.getLoggerName()))
            .append(' ')
            .append(Redaction.redact(event.getFormattedMessage()))
            .append('\n');
    if (event.getThrowableProxy() != null) {
      line.append(Redaction.redact(ThrowableProxyUtil.asString(event.getThrowableProxy())))
          .append('\n');
    }
    return line.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void writeValue(JsonGenerator json, Object value) {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof Boolean b) {
      json.writeBoolean(b);
    } else if (value instanceof Integer || value instanceof Long) {
      json.writeNumber(((Number) value).longValue());
    } else if (value instanceof Number n) {
      json.writeNumber(n.doubleValue());
    } else if (value instanceof Collection<?> items) {
      json.writeStartArray();
      for (Object item : items) {
        writeValue(json, item);
      }
      json.writeEndArray();
    } else if (value instanceof Map<?, ?> map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        json.writeName(String.valueOf(entry.getKey()));
        writeValue(json, entry.getValue());
      }
      json.writeEndObject();
    } else {
      json.writeString(Redaction.redact(String.valueOf(value)));
    }
  }

  private static String shortName(String logger) {
    int dot = logger.lastIndexOf('.');
    return dot < 0 ? logger : logger.substring(dot + 1);
  }
}
