package dev.lkscaler.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Walks one YAML document loaded into plain maps, lists and scalars, and collects every problem
 * found in it, each in {@link Problem}'s shape. One reader serves one document; it is not shared.
 */
public final class DocumentReader {
  /** The path of the whole document in problems. */
  public static final String ROOT = "(document)";

  private final List<String> problems = new ArrayList<>();

  /**
   * Loads YAML 1.2 (duplicate keys are errors, at most 20 aliases): the root node, or empty after a
   * problem at {@value #ROOT}.
   */
  /** Deeper is no policy file, and the YAML composer's recursion would exhaust the stack. */
  static final int MAX_DEPTH = 64;

  /** A ConfigMap holds at most 1 MiB. */
  static final int MAX_CODE_POINTS = 1 << 20;

  public Optional<Node> load(String yaml, String label) {
    LoadSettings settings =
        LoadSettings.builder()
            .setAllowDuplicateKeys(false)
            .setLabel(label)
            .setMaxAliasesForCollections(20)
            .setCodePointLimit(MAX_CODE_POINTS)
            .build();
    try {
      // the composer recurses once per level: count the levels first, without recursing
      int depth = 0;
      for (Event event : new Parse(settings).parseString(yaml)) {
        Event.ID id = event.getEventId();
        if (id == Event.ID.MappingStart || id == Event.ID.SequenceStart) {
          if (++depth > MAX_DEPTH) {
            report(
                Problem.at(
                    ROOT,
                    "YAML nested at most " + MAX_DEPTH + " levels deep",
                    "more levels, at line "
                        + event.getStartMark().map(m -> m.getLine() + 1).orElse(0)));
            return Optional.empty();
          }
        } else if (id == Event.ID.MappingEnd || id == Event.ID.SequenceEnd) {
          depth--;
        }
      }
      return Optional.of(new Node(this, ROOT, new Load(settings).loadFromString(yaml)));
    } catch (YamlEngineException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      report(Problem.at(ROOT, "valid YAML", message.strip().replaceAll("\\s*\\n\\s*", " ")));
      return Optional.empty();
    }
  }

  /** Every problem so far, in the order found. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  public boolean hasProblems() {
    return !problems.isEmpty();
  }

  /** A point to ask later whether anything was found since. */
  public Mark mark() {
    return new Mark(problems.size());
  }

  void report(String problem) {
    problems.add(problem);
  }

  /** A point in the reading: clean while no problem has been found after it. */
  public final class Mark {
    private final int count;

    private Mark(int count) {
      this.count = count;
    }

    public boolean clean() {
      return problems.size() == count;
    }

    /** The value built, when nothing was found since this mark; else empty. */
    public <T> Optional<T> ifClean(Supplier<T> build) {
      return clean() ? Optional.of(build.get()) : Optional.empty();
    }
  }
}
