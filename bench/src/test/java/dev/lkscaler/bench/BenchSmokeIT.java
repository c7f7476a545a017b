package dev.lkscaler.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The benchmark command, run briefly so that it cannot rot: every figure is produced. */
class BenchSmokeIT {
  @TempDir Path dir;

  @Test
  void everyFigureIsProducedAndWritten() throws Exception {
    Bench.Results results = Bench.run(true, Bench.root(), Set.copyOf(Bench.PARTS));
    assertThat(results.figures())
        .extracting(Figure::name)
        .contains(
            "health Check p50 (the floor)",
            "GetMetrics p50",
            "GetMetrics p50 ÷ floor p50",
            "IsActive p99 ÷ floor p99",
            "p99 at that rate",
            "Prometheus queries, N=10 over 1 namespace(s)",
            "built-in scaler ÷ lkscaler, N=20 over 2 namespace(s)");
    assertThat(results.figures()).allSatisfy(f -> assertThat(f.value()).isFinite().isPositive());
    Path out = dir.resolve("results.json");
    Bench.write(results, out);
    JsonNode json = JsonMapper.builder().build().readTree(Files.readString(out));
    assertThat(json.get("smoke").asBoolean()).isTrue();
    assertThat(json.get("figures")).hasSize(results.figures().size());
  }
}
