package io.cronlog.scheduler.state;

import java.time.Duration;

/**
 * How one assigned partition was restored: the state records read to its end, then the recent
 * commands of the same-numbered partition, and how long each took; once the decision thread has
 * applied them, how many ScheduledJobs the partition holds and how long their first decisions took.
 */
public record PartitionRestore(
    int partition,
    long stateRecords,
    Duration stateTook,
    long commandRecords,
    Duration commandsTook,
    int scheduledJobs,
    Duration firstDecisionsTook) {

  /** A restore as the consumer thread reports it, before any decision. */
  public PartitionRestore(
      int partition,
      long stateRecords,
      Duration stateTook,
      long commandRecords,
      Duration commandsTook) {
    this(partition, stateRecords, stateTook, commandRecords, commandsTook, 0, Duration.ZERO);
  }

  /** This restore, with its first decisions made. */
  public PartitionRestore withFirstDecisions(int scheduledJobs, Duration took) {
    return new PartitionRestore(
        partition, stateRecords, stateTook, commandRecords, commandsTook, scheduledJobs, took);
  }

  /** Reading the partitions, state and commands; the decisions are not included. */
  public Duration took() {
    return stateTook.plus(commandsTook);
  }
}
