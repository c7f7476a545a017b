package dev.lkscaler.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

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
    assertThat(html).doesNotContain("<script", "src=", "href=", "@import");
    List<String> charts = new ArrayList<>();
    Matcher matcher = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
    while (matcher.find()) {
      charts.add(matcher.group());
    }
    assertThat(charts).hasSize(3);
    for (String chart : charts) {
      Document svg =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(new ByteArrayInputStream(chart.getBytes(StandardCharsets.UTF_8)));
      assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
      assertThat(svg.getElementsByTagName("path").getLength()).isPositive();
    }
    assertThat(charts.get(0)).contains("out of service at 0.7", "lkscaler scales at 0.5");
    // the replica chart: both fleets' desired and pods, and the oracle's pods as a dashed line
    assertThat(charts.get(1))
        .contains(
            ">lkscaler desired<",
            ">cpu-hpa pods<",
            ">oracle<",
            "stroke=\"#555\" stroke-width=\"1.2\" stroke-dasharray=\"5 4\"");
  }
}
