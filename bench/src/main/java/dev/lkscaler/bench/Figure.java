package dev.lkscaler.bench;

import java.util.Optional;

/**
 * One measured figure beside its target.
 *
 * @param met empty for a figure reported without a target
 */
public record Figure(String name, double value, String unit, String target, Optional<Boolean> met) {
  public static Figure against(String name, double value, String unit, String target, boolean met) {
    return new Figure(name, value, unit, target, Optional.of(met));
  }

  public static Figure reported(String name, double value, String unit) {
    return new Figure(name, value, unit, "", Optional.empty());
  }
}
