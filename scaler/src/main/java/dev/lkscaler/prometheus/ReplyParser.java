package dev.lkscaler.prometheus;

import dev.lkscaler.decision.QueryResult;
import dev.lkscaler.policy.Problem;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the JSON of {@code /api/v1/query}. A reply that is not what the API documents becomes a
 * {@link QueryResult.Failure} whose text names the field, what was expected and what was found.
 */
final class ReplyParser {
  private final ObjectMapper mapper;
  private final boolean keepLabels;

  /**
   * @param keepLabels whether a vector keeps each series' labels beside its value
   */
  ReplyParser(ObjectMapper mapper, boolean keepLabels) {
    this.mapper = mapper;
    this.keepLabels = keepLabels;
  }

  /**
   * A reply read: its result, and the newest sample time in it (Prometheus stamps an instant
   * query's samples with the evaluation time), when it has samples.
   */
  record Parsed(QueryResult result, java.util.OptionalDouble newestSeconds) {
    static Parsed of(QueryResult result) {
      return new Parsed(result, java.util.OptionalDouble.empty());
    }
  }

  /**
   * Parses a 2xx reply body as a stream: a series at a time, so a reply of many series never
   * becomes a tree of them. The checks run in the order of the reply's documented fields, whatever
   * order the fields came in.
   */
  Parsed parse(InputStream body) {
    try (JsonParser parser = mapper.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        return Parsed.of(
            bad("(body)", "a JSON object", first == null ? "nothing" : kind(tree(parser))));
      }
      JsonNode status = null;
      JsonNode error = null;
      JsonNode errorType = null;
      JsonNode otherData = null;
      Data data = null;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "status" -> status = tree(parser);
          case "error" -> error = tree(parser);
          case "errorType" -> errorType = tree(parser);
          case "data" -> {
            if (value == JsonToken.START_OBJECT) {
              data = data(parser);
            } else {
              otherData = tree(parser);
            }
          }
          default -> parser.skipChildren();
        }
      }
      QueryResult.Failure refused = statusFailure(status, errorType, error);
      if (refused != null) {
        return Parsed.of(refused);
      }
      if (data == null) {
        return Parsed.of(bad("data", "an object", kind(otherData)));
      }
      QueryResult result = data.result();
      return new Parsed(
          result,
          result instanceof QueryResult.Failure || Double.isNaN(data.newest)
              ? java.util.OptionalDouble.empty()
              : java.util.OptionalDouble.of(data.newest));
    } catch (JacksonException e) {
      return Parsed.of(
          bad(
              "(body)",
              "JSON",
              "text that is not JSON (" + firstLine(e.getOriginalMessage()) + ")"));
    }
  }

  /**
   * Parses a 2xx reply of {@code /api/v1/query_range}: a matrix, read a series at a time. Duplicate
   * label sets, unsorted times and values that are not numbers are failures that name the field.
   */
  RangeResult parseRange(InputStream body) {
    try (JsonParser parser = mapper.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return new RangeResult.Failed(bad("(body)", "a JSON object", "something else"));
      }
      JsonNode status = null;
      JsonNode error = null;
      JsonNode errorType = null;
      JsonNode resultType = null;
      List<RangeResult.Series> series = null;
      QueryResult.Failure problem = null;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "status" -> status = tree(parser);
          case "error" -> error = tree(parser);
          case "errorType" -> errorType = tree(parser);
          case "data" -> {
            if (value != JsonToken.START_OBJECT) {
              parser.skipChildren();
              continue;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
              String field = parser.currentName();
              JsonToken fieldValue = parser.nextToken();
              if (field.equals("resultType")) {
                resultType = tree(parser);
              } else if (field.equals("result") && fieldValue == JsonToken.START_ARRAY) {
                series = new ArrayList<>();
                Map<String, Integer> seen = new HashMap<>();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                  JsonNode one = tree(parser);
                  if (problem == null) {
                    Object read = rangeSeries(one, index, seen);
                    if (read instanceof QueryResult.Failure failure) {
                      problem = failure;
                    } else {
                      series.add((RangeResult.Series) read);
                    }
                  }
                  index++;
                }
              } else {
                parser.skipChildren();
              }
            }
          }
          default -> parser.skipChildren();
        }
      }
      QueryResult.Failure refused = statusFailure(status, errorType, error);
      if (refused != null) {
        return new RangeResult.Failed(refused);
      }
      if (resultType == null || !"matrix".equals(resultType.asString(""))) {
        return new RangeResult.Failed(bad("data.resultType", "matrix", kind(resultType)));
      }
      if (series == null) {
        return new RangeResult.Failed(bad("data.result", "a list of series", "none"));
      }
      return problem != null ? new RangeResult.Failed(problem) : new RangeResult.Matrix(series);
    } catch (JacksonException e) {
      return new RangeResult.Failed(
          bad(
              "(body)",
              "JSON",
              "text that is not JSON (" + firstLine(e.getOriginalMessage()) + ")"));
    }
  }

  /**
   * The failure a reply's {@code status} makes of it: the server's error, or a status that is not
   * the API's; null for {@code "success"}.
   */
  private static QueryResult.Failure statusFailure(
      JsonNode status, JsonNode errorType, JsonNode error) {
    if (status != null && status.isString() && "success".equals(status.stringValue())) {
      return null;
    }
    if (status != null && "error".equals(status.asString(""))) {
      return new QueryResult.Failure(
          QueryResult.Cause.HTTP_STATUS, "Prometheus error: " + errorText(errorType, error));
    }
    return bad("status", "\"success\"", kind(status));
  }

  /** One series of a matrix, or the failure that names what is wrong with it. */
  private static Object rangeSeries(JsonNode one, int index, Map<String, Integer> seen) {
    String path = "data.result[" + index + "]";
    String labels = labelSet(one.get("metric"));
    Integer same = seen.putIfAbsent(labels, index);
    if (same != null) {
      return bad(
          path + ".metric",
          "a label set no other series has",
          "the labels of data.result[" + same + "]");
    }
    JsonNode values = one.get("values");
    if (values == null || !values.isArray()) {
      return bad(path + ".values", "a list of [time, \"value\"] pairs", kind(values));
    }
    long[] times = new long[values.size()];
    double[] samples = new double[values.size()];
    for (int i = 0; i < values.size(); i++) {
      JsonNode pair = values.get(i);
      if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber()) {
        return bad(path + ".values[" + i + "]", "a [time, \"value\"] pair", kind(pair));
      }
      Double sample = sampleValue(pair.get(1));
      if (sample == null) {
        return bad(path + ".values[" + i + "][1]", "a sample value as a string", kind(pair.get(1)));
      }
      times[i] = Math.round(pair.get(0).doubleValue() * 1000);
      samples[i] = sample;
      if (i > 0 && times[i] <= times[i - 1]) {
        return bad(
            path + ".values[" + i + "][0]",
            "a time after the one before",
            String.valueOf(pair.get(0)));
      }
    }
    return new RangeResult.Series(labels, times, samples);
  }

  /** The reply's {@code data} object, read with its result a series at a time. */
  private final class Data {
    JsonNode type;
    JsonNode otherResult;
    boolean list;
    int elements;

    /** The first two elements, for a scalar's [time, "value"] pair. */
    final List<JsonNode> pair = new ArrayList<>(2);

    double[] values = new double[16];
    String[] labels = keepLabels ? new String[16] : null;

    /** The newest sample time seen, in seconds; NaN before the first. */
    double newest = Double.NaN;

    void noteTime(JsonNode time) {
      if (time != null && time.isNumber()) {
        double seconds = time.doubleValue();
        newest = Double.isNaN(newest) ? seconds : Math.max(newest, seconds);
      }
    }

    QueryResult.Failure seriesProblem;
    final Map<String, Integer> labelSets = new HashMap<>();

    void series(JsonNode series, int index) {
      if (pair.size() < 2) {
        pair.add(series);
      }
      if (seriesProblem != null) {
        return;
      }
      JsonNode value = series.isObject() ? series.get("value") : null;
      if (value == null || !value.isArray() || value.size() != 2) {
        seriesProblem =
            bad("data.result[" + index + "].value", "a [time, \"value\"] pair", kind(value));
        return;
      }
      Double sample = sampleValue(value.get(1));
      if (sample == null) {
        seriesProblem =
            bad(
                "data.result[" + index + "].value[1]",
                "a sample value as a string",
                kind(value.get(1)));
        return;
      }
      String labelSet = labelSet(series.get("metric"));
      Integer same = labelSets.putIfAbsent(labelSet, index);
      if (same != null) {
        // an instant vector never holds one label set twice: a broken server or proxy
        seriesProblem =
            bad(
                "data.result[" + index + "].metric",
                "a label set no other series has",
                "the labels of data.result[" + same + "]");
        return;
      }
      if (index == values.length) {
        values = Arrays.copyOf(values, values.length * 2);
        if (labels != null) {
          labels = Arrays.copyOf(labels, labels.length * 2);
        }
      }
      values[index] = sample;
      if (labels != null) {
        labels[index] = labelSet;
      }
      noteTime(value.get(0));
    }

    QueryResult result() {
      String resultType = type != null && type.isString() ? type.stringValue() : null;
      if ("vector".equals(resultType)) {
        if (!list) {
          return bad("data.result", "a list of series", kind(otherResult));
        }
        if (seriesProblem != null) {
          return seriesProblem;
        }
        List<Double> read = new ArrayList<>(elements);
        for (int i = 0; i < elements; i++) {
          read.add(values[i]);
        }
        return new QueryResult.Vector(
            read, labels == null ? List.of() : Arrays.asList(labels).subList(0, elements));
      }
      if ("scalar".equals(resultType)) {
        if (!list || elements != 2) {
          return bad(
              "data.result",
              "a [time, \"value\"] pair",
              list ? "a list of " + elements : kind(otherResult));
        }
        Double value = sampleValue(pair.get(1));
        if (value == null) {
          return bad("data.result[1]", "a sample value as a string", kind(pair.get(1)));
        }
        noteTime(pair.get(0));
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
  }

  private Data data(JsonParser parser) {
    Data data = new Data();
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "resultType" -> data.type = tree(parser);
        case "result" -> {
          if (value == JsonToken.START_ARRAY) {
            data.list = true;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
              data.series(tree(parser), data.elements++);
            }
          } else {
            data.otherResult = tree(parser);
          }
        }
        default -> parser.skipChildren();
      }
    }
    return data;
  }

  /** The value at the parser, read whole; only ever one series or a small field. */
  private static JsonNode tree(JsonParser parser) {
    JsonNode node = parser.readValueAsTree();
    return node == null ? tools.jackson.databind.node.MissingNode.getInstance() : node;
  }

  /**
   * A series' labels as PromQL writes them, sorted by name: the same set gives the same text,
   * whatever order it was written in, and names and values are escaped, so two sets never do.
   */
  private static String labelSet(JsonNode metric) {
    TreeMap<String, String> sorted = new TreeMap<>();
    if (metric != null && metric.isObject()) {
      for (Map.Entry<String, JsonNode> label : metric.properties()) {
        sorted.put(label.getKey(), label.getValue().asString(""));
      }
    }
    StringBuilder text = new StringBuilder("{");
    sorted.forEach(
        (name, value) -> {
          if (text.length() > 1) {
            text.append(',');
          }
          escape(text, name).append("=\"");
          escape(text, value).append('"');
        });
    return text.append('}').toString();
  }

  private static StringBuilder escape(StringBuilder text, String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      switch (c) {
        case '\\', '"' -> text.append('\\').append(c);
        case '\n' -> text.append("\\n");
        default -> text.append(c);
      }
    }
    return text;
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
    return errorText(root.get("errorType"), root.get("error"));
  }

  private static String errorText(JsonNode errorType, JsonNode error) {
    String type = errorType == null ? "" : errorType.asString("");
    String text = error == null ? "" : error.asString("");
    return (type.isEmpty() ? "" : type + ": ") + firstLine(text);
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
