package dev.lkscaler.prometheus;

import dev.lkscaler.decision.QueryResult;
import java.util.List;
import java.util.Objects;

/** What one range query gave: series of samples, or why there is nothing. */
public sealed interface RangeResult permits RangeResult.Matrix, RangeResult.Failed {

  /**
   * One series over the range.
   *
   * @param labels the label set as PromQL writes it
   * @param times sample times in milliseconds since the epoch, ascending
   * @param values the samples, in the times' order
   */
  record Series(String labels, long[] times, double[] values) {
    public Series {
      Objects.requireNonNull(labels, "labels");
      if (times.length != values.length) {
        throw new IllegalArgumentException("a value for each time");
      }
    }
  }

  record Matrix(List<Series> series) implements RangeResult {
    public Matrix {
      series = List.copyOf(series);
    }
  }

  record Failed(QueryResult.Failure failure) implements RangeResult {
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
