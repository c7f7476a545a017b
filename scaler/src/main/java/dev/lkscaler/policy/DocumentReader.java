package dev.lkscaler.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
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
  public Optional<Node> load(String yaml, String label) {
    LoadSettings settings =
        LoadSettings.builder()
            .setAllowDuplicateKeys(false)
            .setLabel(label)
            .setMaxAliasesForCollections(20)
            .build();
    try {
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
