package io.cronlog.records;

import io.cronlog.api.ScheduledJob;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the scheduler needs of one ScheduledJob: the object, a summary of each Job it owns, and
 * {@code scheduleSince}: when the watcher first saw the current schedule and time zone (null if
 * they never changed since creation), so that an edit never starts a run for an earlier time.
 * Deletion is a tombstone (a null value), not a record. {@code omitted} names the parts of the
 * ScheduledJob left out because the whole state was larger than the topic accepts; none of them is
 * read by the scheduler (the executor takes the Job template from the live object).
 */
public record ScheduledJobState(
    int schemaVersion,
    String id,
    Instant time,
    ScheduledJob scheduledJob,
    List<JobSummary> jobs,
    Instant scheduleSince,
    List<String> omitted)
    implements StateRecord {

  public ScheduledJobState {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(scheduledJob, "scheduledJob");
    jobs = jobs == null ? List.of() : List.copyOf(jobs);
    omitted = omitted == null ? List.of() : List.copyOf(omitted);
  }

  /** The state holding the whole ScheduledJob. */
  public ScheduledJobState(
      int schemaVersion,
      String id,
      Instant time,
      ScheduledJob scheduledJob,
      List<JobSummary> jobs,
      Instant scheduleSince) {
    this(schemaVersion, id, time, scheduledJob, jobs, scheduleSince, List.of());
  }

  public ScheduledJobKey key() {
    return ScheduledJobKey.of(scheduledJob);
  }

  /**
   * Why this state cannot be filed under the record key {@code key}: it names no ScheduledJob, or
   * another one. Anyone who may write the state topic can file a state under any key.
   */
  public Optional<String> keyMismatch(ScheduledJobKey key) {
    if (scheduledJob.getMetadata() == null || scheduledJob.getMetadata().getUid() == null) {
      return Optional.of("the state names no ScheduledJob (metadata and uid required)");
    }
    ScheduledJobKey own = key();
    return own.equals(key)
        ? Optional.empty()
        : Optional.of(
            "record key '" + key + "' is not the key of the ScheduledJob it holds, " + own);
  }
}
