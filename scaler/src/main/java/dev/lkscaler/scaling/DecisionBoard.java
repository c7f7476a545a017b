package dev.lkscaler.scaling;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.decision.Outcome;
import dev.lkscaler.plan.DecisionKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each ScaledObject's latest answer and its last hour of desired replicas: what {@code /decisions}
 * and the live page show. Bounded: one entry per ScaledObject that called, at most {@link
 * #MAX_POINTS} points each.
 */
public final class DecisionBoard {
  /** An answer older than this is left off the board. */
  public static final Duration SHOWN_FOR = Duration.ofMinutes(15);

  /** How far back the desired replicas go. */
  public static final Duration HISTORY = Duration.ofHours(1);

  /** One point per this while the count stands still, and one at each change. */
  static final Duration POINT_EVERY = Duration.ofSeconds(30);

  /** A count that changes at every call keeps no more than this many points. */
  static final int MAX_POINTS = 360;

  /** Where an answer came from. */
  public enum Source {
    FRESH,
    /** Data was missing; the last good decision stood in. */
    LAST_KNOWN_GOOD,
    /**
     * As LAST_KNOWN_GOOD, raised to the target's current replicas: no scale-down from an outage.
     */
    HELD,
    /** No data and no good decision young enough: KEDA held the replicas. */
    UNAVAILABLE;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Where an outcome's answer came from. */
    public static Source of(Outcome outcome) {
      if (outcome instanceof Outcome.LastKnownGood standIn) {
        return standIn.held() ? HELD : LAST_KNOWN_GOOD;
      }
      return outcome instanceof Outcome.Fresh ? FRESH : UNAVAILABLE;
    }
  }

  public record Point(Instant at, int desiredReplicas) {}

  /**
   * @param decision absent when unavailable
   * @param cause why data was missing, unless fresh
   * @param decidedAt when the data of the decision was read: older than answeredAt for a stand-in
   * @param changedAt when the count, the activity or the source last changed
   */
  public record Entry(
      DecisionKey key,
      Source source,
      Optional<Decision> decision,
      Optional<String> cause,
      Instant answeredAt,
      Instant decidedAt,
      Instant changedAt,
      List<Point> history) {
    public Entry {
      Objects.requireNonNull(key, "key");
      history = List.copyOf(history);
    }

    private boolean sameAs(Source otherSource, Optional<Decision> other) {
      return source == otherSource
          && decision.map(Decision::desiredReplicas).equals(other.map(Decision::desiredReplicas))
          && decision.map(Decision::active).equals(other.map(Decision::active));
    }
  }

  private final ConcurrentHashMap<DecisionKey, Entry> entries = new ConcurrentHashMap<>();

  void record(DecisionKey key, Outcome outcome, Instant now) {
    Source source = Source.of(outcome);
    Optional<Decision> decision = outcome.answer();
    Optional<String> cause = outcome.missingData();
    Instant decidedAt =
        outcome instanceof Outcome.LastKnownGood standIn ? now.minus(standIn.age()) : now;
    entries.compute(
        key,
        (k, before) -> {
          Instant changedAt =
              before != null && before.sameAs(source, decision) ? before.changedAt() : now;
          List<Point> history = before == null ? List.of() : before.history();
          return new Entry(
              key,
              source,
              decision,
              cause,
              now,
              decidedAt,
              changedAt,
              decision.map(d -> extend(history, d.desiredReplicas(), now)).orElse(history));
        });
  }

  private static List<Point> extend(List<Point> history, int desired, Instant now) {
    Instant cutoff = now.minus(HISTORY);
    List<Point> kept = new ArrayList<>(history.size() + 1);
    for (Point point : history) {
      if (!point.at().isBefore(cutoff)) {
        kept.add(point);
      }
    }
    Point last = kept.isEmpty() ? null : kept.get(kept.size() - 1);
    if (last == null
        || last.desiredReplicas() != desired
        || !last.at().plus(POINT_EVERY).isAfter(now)) {
      kept.add(new Point(now, desired));
    }
    return kept.size() > MAX_POINTS ? kept.subList(kept.size() - MAX_POINTS, kept.size()) : kept;
  }

  void forget(DecisionKey key) {
    entries.remove(key);
  }

  /** The answers of the last {@link #SHOWN_FOR}, the latest change first. */
  public List<Entry> recent(Instant now) {
    Instant cutoff = now.minus(SHOWN_FOR);
    List<Entry> shown = new ArrayList<>();
    for (Entry entry : entries.values()) {
      if (!entry.answeredAt().isBefore(cutoff)) {
        shown.add(entry);
      }
    }
    shown.sort(
        Comparator.comparing(Entry::changedAt)
            .reversed()
            .thenComparing(entry -> entry.key().namespace())
            .thenComparing(entry -> entry.key().name())
            .thenComparing(entry -> entry.key().policy()));
    return shown;
  }
}
