package io.cronlog.scheduler.state;

import java.time.Duration;

/**
 * How one assigned partition was restored: the state records read to its end, then the recent
 * commands of the same-numbered partition, and how long each took.
 */
public record PartitionRestore(int partition, long stateRecords, Duration stateTook, long commandRecords,
    Duration commandsTook) {

  /** The whole restore, state and commands. */
  public Duration took() {
    return stateTook.plus(commandsTook);
  }
}
