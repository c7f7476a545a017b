package dev.lkscaler.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonLineEncoderTest {
  private final Logger logger =
      new LoggerContext().getLogger("dev.lkscaler.scaling.ScalingService");

  private String encode(JsonLineEncoder encoder, LoggingEvent event) {
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void writesOneFlatJsonObjectPerLine() {
    LoggingEvent event =
        new LoggingEvent(
            "fqcn",
            logger,
            Level.INFO,
            "decision for {}: \"{}\"\nnext",
            null,
            new Object[] {"livekit/agents", "quoted"});
    event.setTimeStamp(1764072000123L);
    event.setKeyValuePairs(
        List.of(
            new KeyValuePair("policy", "agents"),
            new KeyValuePair("desired", 6),
            new KeyValuePair("active", true),
            new KeyValuePair("errors", List.of("a: x", "b: y")),
            new KeyValuePair("msg", "clash")));
    String line = encode(new JsonLineEncoder(), event);
    assertThat(line).endsWith("}\n").doesNotContain("\n{");
    assertThat(line.strip().lines()).hasSize(1);
    JsonNode node = JsonMapper.builder().build().readTree(line);
    assertThat(node.path("ts").asString()).isEqualTo("2025-11-25T12:00:00.123Z");
    assertThat(node.path("level").asString()).isEqualTo("INFO");
    assertThat(node.path("logger").asString()).isEqualTo("ScalingService");
    assertThat(node.path("msg").asString())
        .isEqualTo("decision for livekit/agents: \"quoted\"\nnext");
    assertThat(node.path("policy").asString()).isEqualTo("agents");
    assertThat(node.path("desired").asInt()).isEqualTo(6);
    assertThat(node.path("active").asBoolean()).isTrue();
    assertThat(node.path("errors").get(1).asString()).isEqualTo("b: y");
    assertThat(node.path("kv_msg").asString())
        .as("a pair may not overwrite a standard field")
        .isEqualTo("clash");
  }

  @Test
  void writesTheExceptionAsOneField() {
    LoggingEvent event =
        new LoggingEvent(
            "fqcn", logger, Level.ERROR, "failed", new IllegalStateException("boom"), null);
    JsonNode node = JsonMapper.builder().build().readTree(encode(new JsonLineEncoder(), event));
    assertThat(node.path("exception").asString())
        .startsWith("java.lang.IllegalStateException: boom");
  }

  @Test
  void textFormatForATerminal() {
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setFormat("text");
    LoggingEvent event = new LoggingEvent("fqcn", logger, Level.WARN, "no data", null, null);
    event.setTimeStamp(1764072000123L);
    assertThat(encode(encoder, event))
        .isEqualTo("2025-11-25T12:00:00.123Z WARN  ScalingService no data\n");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "cannot reach http://admin:pw@prometheus:9090/api | cannot reach http://***@prometheus:9090/api",
        "Authorization: Bearer abc.def-ghi | Authorization: Bearer ***",
        "basic dXNlcjpwYXNz and more | basic *** and more",
        "http://prometheus:9090/api/v1/query | http://prometheus:9090/api/v1/query",
      })
  void redactsCredentialsWhateverWroteThem(String text, String expected) {
    assertThat(Redaction.redact(text)).isEqualTo(expected);
  }
}
