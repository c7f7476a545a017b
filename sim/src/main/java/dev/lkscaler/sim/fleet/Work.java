package dev.lkscaler.sim.fleet;

/**
 * One unit of offered work: an agent job, a SIP call, an egress recording or an SFU room. Times are
 * simulated seconds; it is offered at {@code start} and runs until {@code end} if a pod takes it.
 *
 * @param cpu agents: the load the job adds to its worker; SFU: the CPU the room's participants add
 *     to its node; otherwise unused
 * @param participants SFU: the room's participants, there from its start to its end; 1 otherwise
 */
public record Work(
    long id, Component component, double start, double end, double cpu, int participants) {
  public Work {
    if (!(end > start)) {
      throw new IllegalArgumentException("work must end after it starts");
    }
    if (participants < 1) {
      throw new IllegalArgumentException("work needs at least one participant");
    }
  }

  /** Work of one participant: a job, a call or a recording. */
  public Work(long id, Component component, double start, double end, double cpu) {
    this(id, component, start, end, cpu, 1);
  }

  public double duration() {
    return end - start;
  }
}
