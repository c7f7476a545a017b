package dev.lkscaler.sim.scenario;

import java.util.List;
import java.util.Optional;

/**
 * Arrivals per simulated second over time, linear between points and flat before the first and
 * after the last.
 */
public record RateProfile(List<Point> points) {
  /** The rate at a simulated time, in arrivals per simulated second. */
  public record Point(double at, double perSecond) {
    public Point {
      if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
        throw new IllegalArgumentException("rate must be finite and >= 0, found " + perSecond);
      }
    }
  }

  public RateProfile {
    points = List.copyOf(points);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a rate profile needs at least one point");
    }
    for (int i = 1; i < points.size(); i++) {
      if (!(points.get(i).at() > points.get(i - 1).at())) {
        throw new IllegalArgumentException("rate points must be in increasing time order");
      }
    }
  }

  public static RateProfile constant(double perSecond) {
    return new RateProfile(List.of(new Point(0, perSecond)));
  }

  public double at(double t) {
    Point first = points.get(0);
    if (t <= first.at()) {
      return first.perSecond();
    }
    for (int i = 1; i < points.size(); i++) {
      Point b = points.get(i);
      if (t <= b.at()) {
        Point a = points.get(i - 1);
        return a.perSecond() + (b.perSecond() - a.perSecond()) * (t - a.at()) / (b.at() - a.at());
      }
    }
    return points.get(points.size() - 1).perSecond();
  }

  public double max() {
    return points.stream().mapToDouble(Point::perSecond).max().orElseThrow();
  }

  /**
   * Where the rate first starts to rise: the start of the ramp or burst; empty for a flat profile.
   */
  public Optional<Double> riseStart() {
    for (int i = 1; i < points.size(); i++) {
      if (points.get(i).perSecond() > points.get(i - 1).perSecond()) {
        return Optional.of(points.get(i - 1).at());
      }
    }
    return Optional.empty();
  }
}
