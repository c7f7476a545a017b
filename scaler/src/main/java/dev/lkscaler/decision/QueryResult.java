package dev.lkscaler.decision;

import java.util.List;
import java.util.Objects;

/** What one instant query gave: series values, a scalar, or why there is nothing. */
public sealed interface QueryResult
    permits QueryResult.Vector, QueryResult.Scalar, QueryResult.Failure {

  /**
   * An instant vector: one value per series, possibly none.
   *
   * @param labels each series' label set as PromQL writes it, in the values' order, when the reader
   *     kept them (explain does; live calls do not): empty otherwise
   */
  record Vector(List<Double> values, List<String> labels) implements QueryResult {
    public Vector {
      values = List.copyOf(values);
      labels = List.copyOf(labels);
      if (!labels.isEmpty() && labels.size() != values.size()) {
        throw new IllegalArgumentException("a label set for each value, or none");
      }
    }

    public Vector(List<Double> values) {
      this(values, List.of());
    }
  }

  record Scalar(double value) implements QueryResult {}

  /** The query did not give a usable reply. */
  record Failure(Cause cause, String detail) implements QueryResult {
    public Failure {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Why a query failed; a bounded set, so it can label a metric. */
  enum Cause {
    TIMEOUT,
    CONNECTION,
    HTTP_STATUS,
    PARSE,
    /** A secret header could not be read (a missing variable or file). */
    CREDENTIALS,
    /** The reply was larger than the scaler reads: a broken query or server. */
    TOO_LARGE,
    /** The reply's samples are older than Prometheus' lookback: kept by a cache, or a clock off. */
    STALE;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
