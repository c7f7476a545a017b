package dev.lkscaler.reload;

import dev.lkscaler.policy.PolicyException;
import dev.lkscaler.policy.PolicyParser;
import dev.lkscaler.policy.PolicySet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy in force. New texts are offered by a source (a file, a ConfigMap); a text that fails
 * validation is rejected whole and the last good policy stays. Each version is judged once, so a
 * resync of the same bad version neither logs nor counts again.
 */
public final class PolicyStore {
  private static final Logger log = LoggerFactory.getLogger(PolicyStore.class);

  /** Told of each text judged: applied, unchanged or rejected; for a counter. */
  public interface Judged {
    void judged(String result);
  }

  /** Told of each policy that comes into force. */
  public interface Listener {
    void applied(Optional<PolicySet> previous, PolicySet current);
  }

  /** What became of an offered text. */
  public enum Result {
    APPLIED,
    UNCHANGED,
    REJECTED,
    /** The same version was judged before; nothing was done. */
    SEEN
  }

  /** The result and, for a rejection, every error. */
  public record Outcome(Result result, List<String> errors) {
    public Outcome {
      errors = List.copyOf(errors);
    }
  }

  private final Judged metrics;
  private final Consumer<Boolean> sourceAvailable;
  private final AtomicReference<PolicySet> current = new AtomicReference<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile String problem = "no policy read yet";
  private String lastVersion;

  /**
   * @param sourceAvailable told whether the file or ConfigMap can be read, at each offer
   */
  public PolicyStore(Judged metrics, Consumer<Boolean> sourceAvailable) {
    this.metrics = metrics;
    this.sourceAvailable = sourceAvailable;
  }

  /**
   * Calls the listener on every policy applied from now on, and at once with the one in force if
   * there is one: a source started before the listener was added loses nothing.
   */
  public synchronized void addListener(Listener listener) {
    listeners.add(listener);
    PolicySet inForce = current.get();
    if (inForce != null) {
      listener.applied(Optional.empty(), inForce);
    }
  }

  public Optional<PolicySet> current() {
    return Optional.ofNullable(current.get());
  }

  /** Why no policy is in force, for callers that find none. */
  public String problem() {
    return problem;
  }

  /**
   * Judges a text. {@code origin} names the source in logs ({@code configmap livekit/lkscaler});
   * {@code version} identifies the text (a resourceVersion or a content hash).
   */
  public synchronized Outcome offer(String origin, String version, String text) {
    sourceAvailable.accept(true);
    if (version.equals(lastVersion)) {
      return new Outcome(Result.SEEN, List.of());
    }
    lastVersion = version;
    PolicySet parsed;
    try {
      parsed = PolicyParser.parse(text);
    } catch (PolicyException e) {
      return rejected(origin, version, e.errors());
    }
    PolicySet previous = current.get();
    if (parsed.equals(previous)) {
      metrics.judged("unchanged");
      return new Outcome(Result.UNCHANGED, List.of());
    }
    current.set(parsed);
    problem = "";
    metrics.judged("applied");
    log.atInfo()
        .addKeyValue("origin", origin)
        .addKeyValue("version", version)
        .log(
            "policy from {} (version {}) in force: {}",
            origin,
            version,
            String.join(", ", parsed.policies().keySet()));
    for (Listener listener : listeners) {
      listener.applied(Optional.ofNullable(previous), parsed);
    }
    return new Outcome(Result.APPLIED, List.of());
  }

  /** A source found the text itself missing or malformed (a ConfigMap without the key). */
  public synchronized Outcome reject(String origin, String version, List<String> errors) {
    sourceAvailable.accept(true);
    if (version.equals(lastVersion)) {
      return new Outcome(Result.SEEN, List.of());
    }
    lastVersion = version;
    return rejected(origin, version, errors);
  }

  private Outcome rejected(String origin, String version, List<String> errors) {
    metrics.judged("rejected");
    boolean serving = current.get() != null;
    if (!serving) {
      problem = origin + " (version " + version + ") is invalid: " + String.join("; ", errors);
    }
    log.atError()
        .addKeyValue("origin", origin)
        .addKeyValue("version", version)
        .addKeyValue("errors", errors)
        .log(
            "rejected policy from {} (version {}), {}: {}",
            origin,
            version,
            serving ? "the last good policy stays in force" : "no policy is in force yet",
            String.join("; ", errors));
    return new Outcome(Result.REJECTED, errors);
  }

  /**
   * A source cannot deliver a text (file missing, ConfigMap deleted): the last good policy stays.
   */
  public synchronized void unavailable(String origin, String why) {
    sourceAvailable.accept(false);
    String message = origin + ": " + why;
    if (Objects.equals(lastVersion, "absent:" + why)) {
      return;
    }
    lastVersion = "absent:" + why;
    if (current.get() == null) {
      problem = message;
    }
    log.atWarn()
        .addKeyValue("origin", origin)
        .log(
            "{}; {}",
            message,
            current.get() == null
                ? "no policy is in force yet"
                : "the last good policy stays in force");
  }
}
