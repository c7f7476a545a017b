package dev.lkscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any text given to the policy parser becomes a policy or a list of errors, each naming a path,
 * never another exception, and within a second. Inputs: any strings, and the shipped policy and the
 * corpus cut, repeated and spliced with YAML's own tokens. Fixed seeds keep the suite the same from
 * run to run; each failure found is kept below as an example.
 */
class PolicyParserFuzzTest {
  private static final List<String> TOKENS =
      List.of(
          "{",
          "}",
          "[",
          "]",
          ":",
          ": ",
          "- ",
          "\n",
          "\n  ",
          "\n    - ",
          "&a ",
          "*a",
          "!!binary ",
          "!!float ",
          "~",
          "null",
          ".inf",
          "-.inf",
          ".nan",
          "1e309",
          "-0",
          "0x10",
          "'",
          "\"",
          "#",
          "? ",
          "|\n  ",
          ">-\n  ",
          "{{",
          "}}",
          "{{namespace}}",
          "\t",
          "\u0000",
          "\uFEFF",
          "%YAML 1.1\n",
          "---\n",
          "...\n",
          "<<: *a\n");

  private static String corpus(String name) {
    try {
      return Files.readString(Path.of("src/test/resources/fuzz", name));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String shipped() {
    try {
      return Files.readString(Path.of("../deploy/policy.yaml"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Provide
  Arbitrary<String> texts() {
    List<String> seeds = List.of(shipped(), corpus("policy-every-key.yaml"));
    Arbitrary<String> seed = Arbitraries.of(seeds);
    Arbitrary<String> token = Arbitraries.of(TOKENS);
    Arbitrary<String> any = Arbitraries.strings().ofMaxLength(200);
    Arbitrary<String> mutated =
        seed.flatMap(
            text ->
                Arbitraries.integers()
                    .between(0, text.length())
                    .list()
                    .ofSize(2)
                    .flatMap(
                        cut ->
                            Arbitraries.oneOf(token, any, Arbitraries.just(""))
                                .list()
                                .ofMaxSize(4)
                                .map(
                                    inserted -> {
                                      int from = Math.min(cut.get(0), cut.get(1));
                                      int to = Math.max(cut.get(0), cut.get(1));
                                      // splice tokens in place of a span, keeping both ends
                                      return text.substring(0, from)
                                          + String.join("", inserted)
                                          + text.substring(
                                              Math.min(text.length(), from + (to - from) / 8));
                                    })));
    Arbitrary<String> tokensOnly = token.list().ofMaxSize(40).map(parts -> String.join("", parts));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, mutated),
        net.jqwik.api.Tuple.of(2, tokensOnly),
        net.jqwik.api.Tuple.of(2, any));
  }

  @Property(tries = 3000, seed = "20261203")
  void anyTextIsAPolicyOrErrorsThatNameAPath(@ForAll("texts") String text) {
    long started = System.nanoTime();
    try {
      PolicySet set = PolicyParser.parse(text);
      assertThat(set.policies()).isNotEmpty();
    } catch (PolicyException e) {
      assertThat(e.errors()).isNotEmpty().allSatisfy(error -> assertThat(error).contains(": "));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  /** What a failure or a worry once was: each stays a case. */
  @Provide
  Arbitrary<String> regressions() {
    String bomb =
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            + "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
    return Arbitraries.of(
        bomb,
        "[".repeat(5000) + "]".repeat(5000),
        "{a: ".repeat(5000) + "}".repeat(5000),
        "- ".repeat(3000) + "x",
        "prometheus: {url: 'http://p'}\npolicies: {a: {signals: [{name: s, type: headroom,"
            + " query: q, maxSeries: 99999999999999999999}]}}\n",
        "prometheus: {url: 'http://p'}\npolicies: {a: {signals: [{name: s, type: capacity,"
            + " query: q, capacityPerReplica: .nan}]}}\n",
        "prometheus: {url: 'http://p', timeout: 9999999999999999h}\npolicies: {}\n",
        "\uFEFFprometheus: {url: 'http://[::1'}\n");
  }

  @Property(tries = 8, seed = "1")
  void knownHardInputsAreErrorsWithinASecond(@ForAll("regressions") String text) {
    anyTextIsAPolicyOrErrorsThatNameAPath(text);
  }

  @Example
  void theShippedPolicyAndTheCorpusAreValid() throws Exception {
    assertThat(PolicyParser.parse(shipped()).policies()).hasSize(5);
    assertThat(PolicyParser.parse(corpus("policy-every-key.yaml")).policies()).isNotEmpty();
  }
}
