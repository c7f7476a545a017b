package dev.lkscaler.sim.loop;

import dev.lkscaler.sim.fleet.Component;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a run records for its assertions and its report. Thread-safe. */
public final class Recorder {
  private final Map<String, Map<Component, List<Sample>>> samples = new LinkedHashMap<>();
  private final List<Answer> answers = new ArrayList<>();
  private final List<ScaleAction> actions = new ArrayList<>();

  public synchronized void sample(String fleet, Component component, Sample sample) {
    samples
        .computeIfAbsent(fleet, f -> new EnumMap<>(Component.class))
        .computeIfAbsent(component, c -> new ArrayList<>())
        .add(sample);
  }

  public synchronized void answer(Answer answer) {
    answers.add(answer);
  }

  public synchronized void action(ScaleAction action) {
    actions.add(action);
  }

  public synchronized Map<String, Map<Component, List<Sample>>> samples() {
    Map<String, Map<Component, List<Sample>>> copy = new LinkedHashMap<>();
    samples.forEach(
        (fleet, byComponent) -> {
          Map<Component, List<Sample>> inner = new EnumMap<>(Component.class);
          byComponent.forEach((component, list) -> inner.put(component, List.copyOf(list)));
          copy.put(fleet, inner);
        });
    return copy;
  }

  public synchronized List<Answer> answers() {
    return List.copyOf(answers);
  }

  public synchronized List<ScaleAction> actions() {
    return List.copyOf(actions);
  }
}
