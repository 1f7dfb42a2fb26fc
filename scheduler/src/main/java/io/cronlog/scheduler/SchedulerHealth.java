package io.cronlog.scheduler;

import java.util.Set;

/**
 * Whether a scheduler is up, for a probe: {@code running} (its consumer thread alive, not closed,
 * no fatal error), how many assigned partitions are still restoring, and the partitions it decides
 * for. Ready means running with nothing left to restore.
 */
public record SchedulerHealth(
    boolean running, int restoringPartitions, Set<Integer> livePartitions) {

  public SchedulerHealth {
    livePartitions = Set.copyOf(livePartitions);
  }

  public boolean ready() {
    return running && restoringPartitions == 0;
  }
}
