package dev.lkscaler.prometheus;

import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.policy.Problem;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the JSON of {@code /api/v1/query}. A reply that is not what the API documents becomes a
 * {@link QueryResult.Failure} whose text names the field, what was expected and what was found.
 */
final class ReplyParser {
  private final ObjectMapper mapper;

  ReplyParser(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Parses a 2xx reply body. */
  QueryResult parse(byte[] body) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JacksonException e) {
      return bad(
          "(body)", "JSON", "text that is not JSON (" + firstLine(e.getOriginalMessage()) + ")");
    }
    if (root == null || !root.isObject()) {
      return bad("(body)", "a JSON object", kind(root));
    }
    JsonNode status = root.get("status");
    if (status == null || !status.isString() || !"success".equals(status.stringValue())) {
      if (status != null && "error".equals(status.asString(""))) {
        return new QueryResult.Failure(
            QueryResult.Cause.HTTP_STATUS, "Prometheus error: " + errorText(root));
      }
      return bad("status", "\"success\"", kind(status));
    }
    JsonNode data = root.get("data");
    if (data == null || !data.isObject()) {
      return bad("data", "an object", kind(data));
    }
    JsonNode type = data.get("resultType");
    JsonNode result = data.get("result");
    String resultType = type != null && type.isString() ? type.stringValue() : null;
    if ("vector".equals(resultType)) {
      return vector(result);
    }
    if ("scalar".equals(resultType)) {
      if (result == null || !result.isArray() || result.size() != 2) {
        return bad("data.result", "a [time, \"value\"] pair", kind(result));
      }
      Double value = sampleValue(result.get(1));
      if (value == null) {
        return bad("data.result[1]", "a sample value as a string", kind(result.get(1)));
      }
      return new QueryResult.Scalar(value);
    }
    if ("matrix".equals(resultType) || "string".equals(resultType)) {
      return bad(
          "data.resultType",
          "vector or scalar (an instant query, not a range selector)",
          "\"" + resultType + "\"");
    }
    return bad("data.resultType", "vector or scalar", kind(type));
  }

  private QueryResult vector(JsonNode result) {
    if (result == null || !result.isArray()) {
      return bad("data.result", "a list of series", kind(result));
    }
    List<Double> values = new ArrayList<>(result.size());
    for (int i = 0; i < result.size(); i++) {
      JsonNode series = result.get(i);
      JsonNode value = series.isObject() ? series.get("value") : null;
      if (value == null || !value.isArray() || value.size() != 2) {
        return bad("data.result[" + i + "].value", "a [time, \"value\"] pair", kind(value));
      }
      Double sample = sampleValue(value.get(1));
      if (sample == null) {
        return bad(
            "data.result[" + i + "].value[1]", "a sample value as a string", kind(value.get(1)));
      }
      values.add(sample);
    }
    return new QueryResult.Vector(values);
  }

  /** Text of an error reply, when the body is the API's error JSON. */
  String errorText(byte[] body) {
    try {
      JsonNode root = mapper.readTree(body);
      if (root != null && root.isObject() && root.has("error")) {
        return errorText(root);
      }
    } catch (JacksonException e) {
      // not the API's error format
    }
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? "empty body" : "body \"" + firstLine(text) + "\"";
  }

  private static String errorText(JsonNode root) {
    String type = root.path("errorType").asString("");
    String error = root.path("error").asString("");
    return (type.isEmpty() ? "" : type + ": ") + firstLine(error);
  }

  /** Prometheus writes values as strings: "1.5", "NaN", "+Inf", "-Inf". */
  private static Double sampleValue(JsonNode node) {
    if (node == null || !node.isString()) {
      return null;
    }
    String text = node.stringValue();
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
      case "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          return null;
        }
    }
  }

  private static QueryResult.Failure bad(String path, String expected, String found) {
    return new QueryResult.Failure(
        QueryResult.Cause.PARSE, "bad reply from Prometheus: " + Problem.at(path, expected, found));
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isString()) {
      return "\"" + firstLine(node.stringValue()) + "\"";
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.toString();
    }
    return node.isArray() ? "a list of " + node.size() : "an object";
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 160 ? line.substring(0, 160) + "..." : line;
  }
}
