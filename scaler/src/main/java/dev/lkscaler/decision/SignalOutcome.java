package dev.lkscaler.decision;

/** One signal's part of a decision. */
public sealed interface SignalOutcome permits SignalOutcome.Measured, SignalOutcome.NoData {
  String signal();

  /**
   * The signal's desired replicas.
   *
   * @param desired with the spare pods that the signal keeps while the workload is active
   * @param needed what the load alone needs, without the spare pods
   * @param input the load the signal measured: total utilization, total load, or busy pods
   * @param reporting series that gave a usable sample
   * @param outOfService pods at or above outOfServiceAt (utilization only)
   * @param dropped NaN and infinite samples left out
   */
  record Measured(
      String signal,
      long desired,
      long needed,
      double input,
      int reporting,
      int outOfService,
      int dropped,
      String reason)
      implements SignalOutcome {}

  /** The signal could not be measured: an empty result held, or a failed query. */
  record NoData(String signal, String cause) implements SignalOutcome {}
}
