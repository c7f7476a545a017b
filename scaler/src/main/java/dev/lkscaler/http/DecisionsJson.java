package dev.lkscaler.http;

import dev.lkscaler.decision.Decision;
import dev.lkscaler.decision.SignalOutcome;
import dev.lkscaler.scaling.DecisionBoard;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code /decisions}: one object per ScaledObject answered in the last 15 minutes, the
 * latest change first. The schema is documented in docs/operations.md; fields are only ever added.
 */
final class DecisionsJson {
  private final ObjectMapper mapper;

  DecisionsJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  String render(List<DecisionBoard.Entry> entries, Instant now) {
    ObjectNode root = mapper.createObjectNode();
    root.put("generatedAt", now.toString());
    ArrayNode decisions = root.putArray("decisions");
    for (DecisionBoard.Entry entry : entries) {
      decisions.add(entry(entry, now));
    }
    return mapper.writeValueAsString(root) + "\n";
  }

  private ObjectNode entry(DecisionBoard.Entry entry, Instant now) {
    ObjectNode node = mapper.createObjectNode();
    node.put("namespace", entry.key().namespace());
    node.put("scaledObject", entry.key().name());
    node.put("policy", entry.key().policy());
    node.put("source", entry.source().label());
    Decision decision = entry.decision().orElse(null);
    if (decision == null) {
      node.putNull("desiredReplicas");
      node.putNull("active");
      node.putNull("reason");
    } else {
      node.put("desiredReplicas", decision.desiredReplicas());
      node.put("active", decision.active());
      node.put("reason", decision.reason());
    }
    if (entry.cause().isPresent()) {
      node.put("cause", entry.cause().get());
    } else {
      node.putNull("cause");
    }
    node.put("answeredAt", entry.answeredAt().toString());
    node.put("ageSeconds", seconds(Duration.between(entry.decidedAt(), now)));
    node.put("changedAt", entry.changedAt().toString());
    ArrayNode signals = node.putArray("signals");
    if (decision != null) {
      // the record's own components, in order: the same fields as explain's JSON
      for (SignalOutcome.Measured signal : decision.signals()) {
        signals.add(mapper.<JsonNode>valueToTree(signal));
      }
    }
    ArrayNode history = node.putArray("history");
    for (DecisionBoard.Point point : entry.history()) {
      ObjectNode one = history.addObject();
      one.put("at", point.at().toString());
      one.put("desiredReplicas", point.desiredReplicas());
    }
    return node;
  }

  private static double seconds(Duration duration) {
    return Math.max(0, duration.toMillis()) / 1000.0;
  }
}
