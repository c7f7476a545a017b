package dev.lkscaler.sim.report;

import dev.lkscaler.sim.fleet.Component;
import dev.lkscaler.sim.loop.RunResult;
import dev.lkscaler.sim.loop.Sample;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every recorded sample of a run as CSV, for a closer look than the report's charts. Pure. */
public final class SamplesCsv {
  public static final String HEADER =
      "fleet,component,t,desired,pods,ready,starting,draining,out_of_service,measure,offered,offered_total,rejected,lost";

  private SamplesCsv() {}

  public static String render(RunResult run) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (Map.Entry<String, Map<Component, List<Sample>>> fleet : run.samples().entrySet()) {
      for (Map.Entry<Component, List<Sample>> component : fleet.getValue().entrySet()) {
        for (Sample s : component.getValue()) {
          out.append(
              String.format(
                  Locale.ROOT,
                  "%s,%s,%.2f,%d,%d,%d,%d,%d,%d,%.4f,%.4f,%d,%d,%d%n",
                  fleet.getKey(),
                  component.getKey().id(),
                  s.t(),
                  s.desired(),
                  s.pods(),
                  s.ready(),
                  s.starting(),
                  s.draining(),
                  s.outOfService(),
                  s.measure(),
                  s.offered(),
                  s.offeredTotal(),
                  s.rejected(),
                  s.lost()));
        }
      }
    }
    return out.toString();
  }
}
