package dev.lkscaler.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.decision.Outcome;
import dev.lkscaler.plan.DecisionKey;
import dev.lkscaler.scaling.DecisionBoard.Point;
import dev.lkscaler.scaling.DecisionBoard.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionBoardTest {
  private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
  private static final DecisionKey AGENTS = new DecisionKey("agents", "livekit", "agents");
  private static final DecisionKey SIP = new DecisionKey("sip", "livekit", "sip");

  private final DecisionBoard board = new DecisionBoard();

  private static Decision decision(int desired) {
    return new Decision(
        "agents", desired, desired, true, "agents/load: says " + desired, List.of());
  }

  private static Outcome fresh(int desired) {
    return new Outcome.Fresh(decision(desired));
  }

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  private DecisionBoard.Entry only() {
    List<DecisionBoard.Entry> shown = board.recent(at(3600 * 2));
    assertThat(shown).hasSize(1);
    return shown.get(0);
  }

  @Test
  void aFreshDecisionIsShownWithItsTimes() {
    board.record(AGENTS, fresh(4), at(0));
    DecisionBoard.Entry entry = board.recent(at(10)).get(0);
    assertThat(entry.source()).isEqualTo(Source.FRESH);
    assertThat(entry.decision()).contains(decision(4));
    assertThat(entry.cause()).isEmpty();
    assertThat(entry.answeredAt()).isEqualTo(at(0));
    assertThat(entry.decidedAt()).isEqualTo(at(0));
    assertThat(entry.changedAt()).isEqualTo(at(0));
    assertThat(entry.history()).containsExactly(new Point(at(0), 4));
  }

  @Test
  void theSameCountKeepsItsChangeTimeAndAPointEveryThirtySeconds() {
    for (int s = 0; s <= 65; s += 5) {
      board.record(AGENTS, fresh(4), at(s));
    }
    board.record(AGENTS, fresh(6), at(70));
    board.record(AGENTS, fresh(6), at(75));
    DecisionBoard.Entry entry = board.recent(at(80)).get(0);
    assertThat(entry.changedAt()).isEqualTo(at(70));
    assertThat(entry.answeredAt()).isEqualTo(at(75));
    assertThat(entry.history())
        .containsExactly(
            new Point(at(0), 4), new Point(at(30), 4), new Point(at(60), 4), new Point(at(70), 6));
  }

  @Test
  void standInsSayWhetherTheyWereHeldAndHowOldTheirDataIs() {
    board.record(AGENTS, fresh(4), at(0));
    board.record(
        AGENTS,
        new Outcome.LastKnownGood(decision(4), Duration.ofSeconds(20), "agents/load: down", false),
        at(20));
    DecisionBoard.Entry standIn = board.recent(at(20)).get(0);
    assertThat(standIn.source()).isEqualTo(Source.LAST_KNOWN_GOOD);
    assertThat(standIn.source().label()).isEqualTo("last-known-good");
    assertThat(standIn.cause()).contains("agents/load: down");
    assertThat(standIn.decidedAt()).isEqualTo(at(0));
    assertThat(standIn.changedAt()).as("the source changed").isEqualTo(at(20));

    board.record(
        AGENTS,
        new Outcome.LastKnownGood(decision(7), Duration.ofSeconds(25), "agents/load: down", true),
        at(25));
    assertThat(board.recent(at(25)).get(0).source()).isEqualTo(Source.HELD);

    board.record(AGENTS, new Outcome.Unavailable("agents/load: down; no good decision"), at(40));
    DecisionBoard.Entry unavailable = board.recent(at(40)).get(0);
    assertThat(unavailable.source()).isEqualTo(Source.UNAVAILABLE);
    assertThat(unavailable.decision()).isEmpty();
    assertThat(unavailable.cause()).contains("agents/load: down; no good decision");
    assertThat(unavailable.history())
        .as("no point without a count")
        .containsExactly(new Point(at(0), 4), new Point(at(25), 7));
  }

  @Test
  void historyKeepsTheLastHourAndABoundedNumberOfPoints() {
    for (int s = 0; s < 2 * 3600; s++) {
      board.record(AGENTS, fresh(s % 2 == 0 ? 3 : 4), at(s));
    }
    List<Point> history = only().history();
    assertThat(history).hasSize(DecisionBoard.MAX_POINTS);
    assertThat(history.get(history.size() - 1)).isEqualTo(new Point(at(2 * 3600 - 1), 4));
    assertThat(history.get(0).at()).isAfterOrEqualTo(at(3600));
  }

  @Test
  void onlyTheLastFifteenMinutesAreShownTheLatestChangeFirst() {
    board.record(SIP, fresh(2), at(0));
    board.record(AGENTS, fresh(4), at(100));
    board.record(SIP, fresh(2), at(200));
    assertThat(board.recent(at(200)))
        .extracting(DecisionBoard.Entry::key)
        .as("sip answered last but changed first")
        .containsExactly(AGENTS, SIP);
    assertThat(board.recent(at(100 + 15 * 60 + 1)))
        .extracting(DecisionBoard.Entry::key)
        .containsExactly(SIP);
    board.forget(SIP);
    assertThat(board.recent(at(200))).extracting(DecisionBoard.Entry::key).containsExactly(AGENTS);
    assertThat(board.recent(at(200)).get(0).cause()).isEqualTo(Optional.empty());
  }
}
