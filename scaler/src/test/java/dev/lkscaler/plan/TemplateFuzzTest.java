package dev.lkscaler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PolicySet;
import dev.lkscaler.policy.QueryTemplate;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * No trigger metadata and no reference yields a query outside its template's shape: each plan is
 * the template's own text with values that can only be a name or label value in it, or a refusal
 * that names the field.
 */
class TemplateFuzzTest {
  private static final String TEMPLATE =
      "sum(rate(x{namespace=\"{{namespace}}\", tenant=\"{{tenant}}\", app=~\"{{target}}\"}[1m]))"
          + " / on (pod) y{name=\"{{name}}\"}";

  private final PolicySet set;

  TemplateFuzzTest() throws Exception {
    set =
        PolicyParser.parse(
            "prometheus: {url: 'http://p'}\npolicies:\n  a:\n    signals:\n"
                + "      - {name: s, type: capacity, capacityPerReplica: 1, query: '"
                + TEMPLATE.replace("'", "''")
                + "'}\n");
  }

  /** The template's literal text around values made only of a name's or label value's letters. */
  private static final Pattern SHAPE = shape(QueryTemplate.parse(TEMPLATE).template());

  private static Pattern shape(QueryTemplate template) {
    StringBuilder regex = new StringBuilder();
    for (QueryTemplate.Part part : template.parts()) {
      regex.append(
          part instanceof QueryTemplate.Literal literal
              ? Pattern.quote(literal.text())
              : "[A-Za-z0-9._-]{0,253}");
    }
    return Pattern.compile(regex.toString());
  }

  @Provide
  Arbitrary<String> values() {
    Arbitrary<String> tricky =
        Arbitraries.of(
            "\"}",
            "\\",
            "\"} or vector(1) #",
            "a\"b",
            "{{namespace}}",
            "}}",
            "x\ny",
            "",
            ".",
            "-",
            "a".repeat(300),
            "\u202e",
            "é",
            " ",
            "agents\"} or up{",
            "1e9",
            "a{b}");
    return Arbitraries.oneOf(
        tricky,
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withChars("abc-._/\"{}\\ =~!").ofMaxLength(20),
        Arbitraries.strings().alpha().numeric().withChars("-._").ofMinLength(1).ofMaxLength(70));
  }

  @Property(tries = 2000, seed = "20261203")
  void everyPlanKeepsTheTemplatesShape(
      @ForAll("values") String namespace,
      @ForAll("values") String name,
      @ForAll("values") String tenant,
      @ForAll("values") String target) {
    Map<String, String> metadata = new HashMap<>(Map.of("policy", "a", "tenant", tenant));
    try {
      QueryPlan plan =
          Planner.plan(
              set,
              new TargetRef(namespace, name, metadata),
              Optional.of(target),
              new Replicas.Untracked(),
              Instant.EPOCH,
              Optional.empty());
      List<String> queries = List.copyOf(plan.queries());
      assertThat(queries).hasSize(1);
      assertThat(queries.get(0)).matches(SHAPE);
    } catch (PlanException refused) {
      assertThat(refused.getMessage())
          .matches("(scalerMetadata|scaledObjectRef|scaleTargetRef)[.a-zA-Z]*: .*")
          .hasSizeLessThan(400);
    }
  }
}
