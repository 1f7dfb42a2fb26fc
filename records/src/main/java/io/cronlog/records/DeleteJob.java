package io.cronlog.records;

import java.time.Instant;
import java.util.Objects;

/** Delete one Job of {@code target} (background propagation), for the reason given. */
public record DeleteJob(
    int schemaVersion,
    String id,
    Instant time,
    ScheduledJobRef target,
    String jobName,
    String jobUid,
    String reason,
    DecisionBasis decision)
    implements CommandRecord {

  public DeleteJob {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(jobUid, "jobUid");
  }

  /** The command to delete a Job; one id per Job, whatever the reason. */
  public static DeleteJob of(
      ScheduledJobRef target, String jobName, String jobUid, String reason, Instant now) {
    return new DeleteJob(
        SCHEMA_VERSION,
        RecordIds.of("delete", target.uid(), jobUid),
        now,
        target,
        jobName,
        jobUid,
        reason,
        null);
  }

  @Override
  public DeleteJob withDecision(DecisionBasis basis) {
    return new DeleteJob(schemaVersion, id, time, target, jobName, jobUid, reason, basis);
  }
}
