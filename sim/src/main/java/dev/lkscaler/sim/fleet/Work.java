package dev.lkscaler.sim.fleet;

/**
 * One unit of offered work: an agent job, a SIP call or an egress recording. Times are simulated
 * seconds; it is offered at {@code start} and runs until {@code end} if a pod takes it.
 *
 * @param cpu agents: the load the job adds to its worker; otherwise unused
 */
public record Work(long id, Component component, double start, double end, double cpu) {
  public Work {
    if (!(end > start)) {
      throw new IllegalArgumentException("work must end after it starts");
    }
  }

  public double duration() {
    return end - start;
  }
}
