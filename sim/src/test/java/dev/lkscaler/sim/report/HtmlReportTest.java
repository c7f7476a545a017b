package dev.lkscaler.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HtmlReportTest {
  @Test
  void selfContainedWithTheSummaryAndThreeWellFormedChartsPerComponent() throws Exception {
    String html = HtmlReport.render(Runs.run());

    assertThat(html)
        .contains(
            "<h1>lksim: tiny</h1>",
            "A tiny ramp.",
            "<th>lkscaler</th><th>cpu-hpa</th><th>oracle</th>",
            "<td>agents</td><td>jobs offered</td><td>40</td><td>40</td><td>40</td>",
            "<td>rejected</td><td>0 (0.0 %)</td><td>3 (7.5 %)</td><td>0 (0.0 %)</td>",
            "<td>pod-seconds vs oracle</td><td>2.00x</td><td>1.43x</td><td>1.00x</td>",
            "time scale of 10");
    // self-contained: uPlot and the chart code are inlined, nothing is fetched
    assertThat(html).doesNotContain("src=\"http", "href=\"http", "@import").contains("uPlot");
    List<JsonNode> charts = new ArrayList<>();
    Matcher matcher =
        Pattern.compile(
                "lkChart\\(document\\.currentScript\\.previousElementSibling, (\\{.*?\\})\\);</script>")
            .matcher(html);
    while (matcher.find()) {
      charts.add(JsonMapper.builder().build().readTree(matcher.group(1)));
    }
    assertThat(charts).hasSize(3);
    for (JsonNode chart : charts) {
      int points = chart.get("x").size();
      assertThat(points).isPositive();
      for (JsonNode column : chart.get("data")) {
        assertThat(column.size()).isEqualTo(points);
      }
    }
    assertThat(charts.get(0).get("thresholds"))
        .extracting(t -> t.get("name").asString())
        .contains("out of service at 0.7", "lkscaler scales at 0.5");
    // the replica chart: both fleets' desired and pods, and the oracle's pods as a dashed line
    assertThat(charts.get(1).get("series"))
        .extracting(
            s -> s.get("name").asString() + (s.get("dashed").asBoolean() ? " (dashed)" : ""))
        .contains("lkscaler desired", "cpu-hpa pods", "oracle (dashed)");
  }
}
