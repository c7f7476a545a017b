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
            "decisions per second, 500-pod utilization signal",
            "bytes allocated per decision",
            "decisions per second with its plan, 500-pod utilization signal",
            "start to gRPC SERVING (median of 1 starts)",
            "start to /readyz 200 (median of 1 starts)",
            "health Check p50 (the floor)",
            "GetMetrics p50 ÷ floor p50",
            "GetMetrics p99 ÷ floor p99",
            "IsActive p50 ÷ floor p50",
            "IsActive p99 ÷ floor p99",
            "health Check calls/s (16 in flight)",
            "GetMetrics calls/s (16 in flight)",
            "GetMetrics calls/s with p99 < 5 ms (best level)",
            "RSS, 200 ScaledObjects, 50 streams open",
            "heap after a full GC",
            "Prometheus queries, N=20 over 2 namespace(s)",
            "built-in scaler ÷ lkscaler, N=20 over 2 namespace(s)");
    // produced, not judged: a smoke on a busy machine may measure anything
    assertThat(results.figures()).allSatisfy(f -> assertThat(f.value()).isFinite().isNotNegative());
    Path out = dir.resolve("results.json");
    Bench.write(results, out);
    JsonNode json = JsonMapper.builder().build().readTree(Files.readString(out));
    assertThat(json.get("smoke").asBoolean()).isTrue();
    assertThat(json.get("figures")).hasSize(results.figures().size());
  }
}
