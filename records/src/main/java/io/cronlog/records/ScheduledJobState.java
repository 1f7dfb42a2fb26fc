package io.cronlog.records;

import io.cronlog.api.ScheduledJob;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the scheduler needs of one ScheduledJob: the object and a summary of each Job it owns.
 * Deletion is a tombstone (a null value), not a record.
 */
public record ScheduledJobState(int schemaVersion, String id, Instant time, ScheduledJob scheduledJob,
    List<JobSummary> jobs) implements StateRecord {

  public ScheduledJobState {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(scheduledJob, "scheduledJob");
    jobs = jobs == null ? List.of() : List.copyOf(jobs);
  }

  public ScheduledJobKey key() {
    return ScheduledJobKey.of(scheduledJob);
  }
}
