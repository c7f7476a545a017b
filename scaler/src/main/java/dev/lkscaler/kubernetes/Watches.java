package dev.lkscaler.kubernetes;

import java.util.function.BooleanSupplier;

/** Told of each watch this package keeps, to show whether it is up; for a gauge. */
public interface Watches {
  /**
   * @param resource the plural of the kind watched, such as {@code configmaps}
   * @param up whether the watch is up now, asked at each scrape
   */
  void watching(String resource, BooleanSupplier up);
}
