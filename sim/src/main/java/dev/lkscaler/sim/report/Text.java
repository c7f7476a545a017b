package dev.lkscaler.sim.report;

import dev.lkscaler.policy.Problem;
import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.fleet.Pool;
import dev.lkscaler.sim.loop.ClosedLoop;
import dev.lkscaler.sim.loop.LiveRow;
import dev.lkscaler.sim.loop.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** The terminal's text: live rows while a run goes, the summary table at its end. Pure. */
public final class Text {
  private Text() {}

  /** The header over the live rows of a run with these components. */
  public static String liveHeader(List<Component> components) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%7s %-4s", "time", "prom"));
    for (Component component : components) {
      line.append(
          String.format(Locale.ROOT, " | %-6s %7s", component.id(), offeredUnit(component)));
      line.append(
          String.format(
              Locale.ROOT,
              "  lk:%-9s%s %5s",
              "pods/des",
              outOfService(component) ? " oos" : "",
              "rej"));
      line.append(
          String.format(
              Locale.ROOT,
              "  hpa:%-9s%s %5s",
              "pods/des",
              outOfService(component) ? " oos" : "",
              "rej"));
    }
    return line.toString();
  }

  /**
   * One live row: per component the offered load, then pods/desired, out-of-service workers and
   * rejections per fleet.
   */
  public static String liveRow(LiveRow row, List<Component> components) {
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "%6.0fs %-4s", row.t(), row.prometheusUp() ? "up" : "DOWN"));
    Map<Component, Sample> lk = row.fleets().getOrDefault(ClosedLoop.LKSCALER, Map.of());
    Map<Component, Sample> base = row.fleets().getOrDefault(ClosedLoop.BASELINE, Map.of());
    for (Component component : components) {
      Sample a = lk.get(component);
      Sample b = base.get(component);
      if (a == null || b == null) {
        continue;
      }
      line.append(
          String.format(
              Locale.ROOT, " | %-6s %7s", component.id(), offered(component, a.offered())));
      line.append("  lk:").append(cell(component, a)).append("  hpa:").append(cell(component, b));
    }
    return line.toString();
  }

  private static String cell(Component component, Sample s) {
    String pods = s.pods() + "/" + s.desired();
    String oos =
        outOfService(component) ? String.format(Locale.ROOT, " %3d", s.outOfService()) : "";
    return String.format(Locale.ROOT, "%-9s%s %5d", pods, oos, s.rejected());
  }

  /** Agent workers and SFU nodes stop taking work at a load; the others have no such column. */
  private static boolean outOfService(Component component) {
    return component == Component.AGENTS || component == Component.SFU;
  }

  private static String offeredUnit(Component component) {
    return switch (component) {
      case AGENTS, SFU -> "cpu";
      case SIP -> "calls";
      case EGRESS -> "rec";
    };
  }

  private static String offered(Component component, double value) {
    return component == Component.AGENTS || component == Component.SFU
        ? String.format(Locale.ROOT, "%.2f", value)
        : String.format(Locale.ROOT, "%.0f", value);
  }

  /**
   * The summary table: one block per component, lkscaler beside the CPU HPA and the oracle, with
   * each fleet's pod-seconds over the oracle's.
   */
  public static String summary(Summary summary, List<Component> components) {
    StringBuilder out = new StringBuilder();
    String format = "%-9s %-26s %14s %14s %14s%n";
    out.append(
        String.format(
            Locale.ROOT,
            format,
            "component",
            "",
            ClosedLoop.LKSCALER,
            ClosedLoop.BASELINE + " (60 %)",
            ClosedLoop.ORACLE));
    for (Summary.TableRow row : summary.table(components)) {
      List<Object> cells = new ArrayList<>(List.of(row.component(), row.label()));
      cells.addAll(row.cells());
      out.append(String.format(Locale.ROOT, format, cells.toArray()));
    }
    return out.toString();
  }

  /** A ratio as the tables show it: {@code 1.36x}, or "-" without one. */
  public static String ratio(OptionalDouble ratio) {
    return ratio.isPresent() ? String.format(Locale.ROOT, "%.2fx", ratio.getAsDouble()) : "-";
  }

  /** The SFU's harm: participant-seconds on nodes where media quality degrades. */
  static String overloadedLabel() {
    return "on nodes >= " + Problem.number(Pool.MEDIA_DEGRADES_AT) + " CPU";
  }
}
