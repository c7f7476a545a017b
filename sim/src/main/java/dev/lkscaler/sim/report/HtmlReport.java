package dev.lkscaler.sim.report;

import dev.lkscaler.policy.Problem;
import dev.lkscaler.policy.Signal;
import dev.lkscaler.report.Charts;
import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.fleet.NodeSelector;
import dev.lkscaler.sim.fleet.Pool;
import dev.lkscaler.sim.loop.Autoscaling;
import dev.lkscaler.sim.loop.ClosedLoop;
import dev.lkscaler.sim.loop.RunResult;
import dev.lkscaler.sim.loop.Sample;
import dev.lkscaler.sim.loop.SimPolicy;
import dev.lkscaler.sim.scenario.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A self-contained HTML page with the run's summary and interactive charts: the scaler's chart code
 * ({@link Charts}, uPlot inlined), no external files. Pure.
 */
public final class HtmlReport {
  private static final String LK = "#1f77b4";
  private static final String LK_PODS = "#9ecae1";
  private static final String BASE = "#ff7f0e";
  private static final String BASE_PODS = "#fdd0a2";
  private static final String ORACLE = "#555";

  private HtmlReport() {}

  public static String render(RunResult run) {
    Summary summary = Summary.of(run);
    StringBuilder html = new StringBuilder();
    String name = Charts.escape(run.scenario().name());
    html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>lksim: ")
        .append(name)
        .append("</title>\n");
    html.append(
        """
        <style>
        body{font-family:system-ui,sans-serif;max-width:960px;margin:24px auto;padding:0 12px;color:#222}
        table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}
        td:first-child,th:first-child,td:nth-child(2){text-align:left}th{background:#f3f3f3}
        .lk{color:#1f77b4;font-weight:bold}.base{color:#d95f02;font-weight:bold}p.note{color:#555;font-size:90%}
        </style>
        """);
    html.append(Charts.head()).append("</head><body>\n");
    html.append("<h1>lksim: ").append(name).append("</h1>\n");
    html.append("<p>").append(Charts.escape(run.scenario().description())).append("</p>\n");
    html.append(
        String.format(
            Locale.ROOT,
            "<p class=\"note\">Seed %d. %s%.0f simulated seconds at a time scale of %.0f: one real second is %.0f simulated"
                + " seconds, and every time in the emulator and the simulator is simulated (KEDA's pollingInterval %d s, the"
                + " HPA's sync period %d s, its behaviors' periods and stabilization windows, cooldownPeriod %d s, job"
                + " durations, pod start-up and grace periods). Prometheus scrapes every real second (%.0f simulated), and"
                + " lkscaler's cache TTL is %d real second (%.0f simulated). Work is counted from t=0; the fleet starts in"
                + " the steady state of the first rate.</p>\n",
            run.scenario().seed(),
            run.completed()
                ? ""
                : String.format(Locale.ROOT, "Stopped early at %.0f s of ", run.endedAt()),
            run.scenario().duration(),
            run.timeScale(),
            run.timeScale(),
            Autoscaling.POLLING_INTERVAL,
            Autoscaling.HPA_SYNC_PERIOD,
            Autoscaling.COOLDOWN_PERIOD,
            run.timeScale(),
            SimPolicy.CACHE_TTL.toSeconds(),
            SimPolicy.CACHE_TTL.toSeconds() * run.timeScale()));
    html.append(
        "<p><span class=\"lk\">lkscaler</span>: the fleet scaled by lkscaler through KEDA and the HPA (behaviors"
            + " of deploy/examples). <span class=\"base\">cpu-hpa</span>: the same work offered to a fleet under the CPU HPA"
            + " of LiveKit's Helm chart (60 % average CPU, no behavior: the highest recommendation of 300 s, at most max(2 × current, 4)).</p>\n");

    html.append(
        "<h2>Summary</h2>\n<table><tr><th>component</th><th></th><th>lkscaler</th><th>cpu-hpa</th>"
            + "<th>oracle</th></tr>\n");
    for (Summary.TableRow row : summary.table(run.scenario().components())) {
      html.append("<tr><td>")
          .append(Charts.escape(row.component()))
          .append("</td><td>")
          .append(Charts.escape(row.label()));
      row.cells().forEach(cell -> html.append("</td><td>").append(Charts.escape(cell)));
      html.append("</td></tr>\n");
    }
    html.append(
        "</table>\n<p class=\"note\">Pods count while starting, ready and draining. The oracle has,"
            + " at every instant, exactly the pods the work in progress needs at the out-of-service point,"
            + " ready when needed (agents at 0.7 load each, idle CPU included; SIP at their capacity;"
            + " egress one recording each, SFU nodes at 0.7 CPU): the floor for pod-seconds. Capacity: the"
            + " ready pods could carry the run's peak offered load (as many as the oracle's peak). The SFU"
            + " never turns a room away for load: its harm is the participant-seconds on nodes at or above"
            + " 0.9 CPU, where media quality degrades.</p>\n");
    OutageSummary.of(run)
        .ifPresent(
            o ->
                html.append("<h2>Prometheus outage</h2>\n<p>")
                    .append(Charts.escape(o.describe()))
                    .append("</p>\n"));

    List<Charts.Span> spans = new ArrayList<>();
    run.outage()
        .ifPresent(o -> spans.add(new Charts.Span("Prometheus down", o.stoppedAt(), o.readyAt())));
    for (Workload workload : run.scenario().workloads()) {
      Component component = workload.component();
      List<Sample> lk = run.samples(ClosedLoop.LKSCALER, component);
      List<Sample> base = run.samples(ClosedLoop.BASELINE, component);
      html.append("<h2>").append(component.id()).append("</h2>\n");
      ToDoubleFunction<Sample> measure =
          component == Component.SIP ? s -> share(s, workload) : Sample::measure;
      List<Charts.Line> lines =
          List.of(line("lkscaler", LK, lk, measure), line("cpu-hpa", BASE, base, measure));
      List<Charts.Threshold> marks = thresholds(component, run.policy());
      html.append(
          switch (component) {
            case AGENTS ->
                Charts.chart(
                    "Mean load of ready workers", "load", false, false, lines, marks, spans);
            case SIP ->
                Charts.chart(
                    "Calls over the ready pods' capacity",
                    "share of capacity",
                    false,
                    false,
                    lines,
                    marks,
                    spans);
            case EGRESS ->
                Charts.chart("Idle ready egress pods", "pods", false, true, lines, marks, spans);
            case SFU ->
                Charts.chart(
                    "Mean CPU of ready SFU nodes", "CPU", false, false, lines, marks, spans);
          });
      html.append(
          Charts.chart(
              "Replicas",
              "pods",
              false,
              true,
              List.of(
                  line("lkscaler desired", LK, lk, Sample::desired),
                  line("lkscaler pods", LK_PODS, lk, Sample::pods),
                  line("cpu-hpa desired", BASE, base, Sample::desired),
                  line("cpu-hpa pods", BASE_PODS, base, Sample::pods),
                  new Charts.Line(
                      "oracle",
                      ORACLE,
                      true,
                      points(run.samples(ClosedLoop.ORACLE, component), Sample::pods))),
              List.of(),
              spans));
      html.append(
          Charts.chart(
              "Rejected " + component.workNoun() + " (cumulative)",
              component.workNoun(),
              false,
              true,
              List.of(
                  line("lkscaler", LK, lk, Sample::rejected),
                  line("cpu-hpa", BASE, base, Sample::rejected)),
              List.of(),
              spans));
    }
    html.append(
        "<p class=\"note\">Files beside this report: policy.yaml (lkscaler's policy for the run) and"
            + " lkscaler.log (its decisions and reasons).</p>\n</body></html>\n");
    return html.toString();
  }

  /** Where the policy scales, as lines on the component's first chart. */
  private static List<Charts.Threshold> thresholds(Component component, SimPolicy policy) {
    return switch (component) {
      case AGENTS -> {
        Signal.Utilization load = policy.signal(component, Signal.Utilization.class);
        yield List.of(
            lkscaler("scales at %s", load.scaleUpAt()),
            new Charts.Threshold(
                "out of service at " + Problem.number(load.outOfServiceAt()),
                load.outOfServiceAt(),
                "#d62728"));
      }
      case SIP ->
          List.of(
              lkscaler(
                  "fills to %s",
                  policy.signal(component, Signal.Capacity.class).targetUtilization()),
              new Charts.Threshold("full", 1.0, "#d62728"));
      case EGRESS ->
          List.of(
              lkscaler("keeps %s idle", policy.signal(component, Signal.Headroom.class).minIdle()));
      case SFU ->
          List.of(
              lkscaler(
                  "scales at %s", policy.signal(component, Signal.Utilization.class).scaleUpAt()),
              new Charts.Threshold(
                  "node selector limit " + Problem.number(NodeSelector.LOAD_LIMIT),
                  NodeSelector.LOAD_LIMIT,
                  "#ff9896"),
              new Charts.Threshold(
                  "media degrades at " + Problem.number(Pool.MEDIA_DEGRADES_AT),
                  Pool.MEDIA_DEGRADES_AT,
                  "#d62728"));
    };
  }

  /** A line at one of the policy's figures, labelled with it. */
  private static Charts.Threshold lkscaler(String label, double value) {
    return new Charts.Threshold(
        "lkscaler " + String.format(Locale.ROOT, label, Problem.number(value)), value, "#2ca02c");
  }

  private static double share(Sample s, Workload workload) {
    return s.ready() == 0 ? 0 : s.measure() / (s.ready() * (double) workload.capacityPerPod());
  }

  private static Charts.Line line(
      String name, String color, List<Sample> samples, ToDoubleFunction<Sample> value) {
    return new Charts.Line(name, color, false, points(samples, value));
  }

  private static List<double[]> points(List<Sample> samples, ToDoubleFunction<Sample> value) {
    List<double[]> points = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      points.add(new double[] {s.t(), value.applyAsDouble(s)});
    }
    return points;
  }
}
