package dev.lkscaler.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.decision.QueryResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any bytes are a result or a parse failure that names a field: random bytes, and the corpus of
 * replies cut, repeated and spliced with JSON's own tokens.
 */
class ReplyParserFuzzTest {
  private final ReplyParser parser = new ReplyParser(JsonMapper.builder().build(), false);

  private static final List<String> TOKENS =
      List.of(
          "{",
          "}",
          "[",
          "]",
          ",",
          ":",
          "\"",
          "\"value\"",
          "\"metric\"",
          "\"result\"",
          "\"resultType\"",
          "\"vector\"",
          "\"scalar\"",
          "\"matrix\"",
          "\"status\"",
          "\"success\"",
          "\"error\"",
          "null",
          "true",
          "1e309",
          "-0",
          "\"NaN\"",
          "\"+Inf\"",
          "\"-Inf\"",
          "\\u0000",
          "\uFEFF",
          "[[[[",
          "]]]]",
          "{\"a\":{\"b\":");

  private static List<String> corpus() {
    try (var files = Files.list(Path.of("src/test/resources/fuzz/replies"))) {
      return files.sorted().map(ReplyParserFuzzTest::read).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<String> seed = Arbitraries.of(corpus());
    Arbitrary<String> token = Arbitraries.of(TOKENS);
    Arbitrary<String> mutated =
        seed.flatMap(
            text ->
                Arbitraries.integers()
                    .between(0, text.length())
                    .tuple2()
                    .flatMap(
                        cut ->
                            token
                                .list()
                                .ofMaxSize(3)
                                .map(
                                    inserted -> {
                                      int from = Math.min(cut.get1(), cut.get2());
                                      int to = Math.max(cut.get1(), cut.get2());
                                      return text.substring(0, from)
                                          + String.join("", inserted)
                                          + text.substring(to);
                                    })));
    return Arbitraries.frequencyOf(
        Tuple.of(6, mutated.map(text -> text.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(
            2,
            token
                .list()
                .ofMaxSize(30)
                .map(p -> String.join("", p).getBytes(StandardCharsets.UTF_8))),
        Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)));
  }

  @Property(tries = 3000, seed = "20261203")
  void anyBytesAreAResultOrAFailureThatNamesAField(@ForAll("bodies") byte[] body) {
    QueryResult result = parser.parse(new ByteArrayInputStream(body)).result();
    if (result instanceof QueryResult.Failure failure) {
      assertThat(failure.cause()).isIn(QueryResult.Cause.PARSE, QueryResult.Cause.HTTP_STATUS);
      assertThat(failure.detail()).isNotBlank().hasSizeLessThan(600);
    } else {
      assertThat(result).isInstanceOfAny(QueryResult.Vector.class, QueryResult.Scalar.class);
    }
  }
}
