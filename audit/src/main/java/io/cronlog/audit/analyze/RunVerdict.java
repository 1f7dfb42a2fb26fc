package io.cronlog.audit.analyze;

import io.cronlog.audit.history.JobFacts;
import io.cronlog.audit.read.RecordRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What became of one run: a scheduled time (due by the spec history, or commanded although it was
 * not, as the catch-up of a time due while suspended), or a manual run.
 *
 * @param scheduledTime the scheduled time; for a manual run, when it was requested
 * @param trigger the trigger value of a manual run, else null
 * @param due whether the spec history makes it due (always false for a manual run)
 * @param reason the run's recorded reason ({@code scheduled}, {@code catch-up}, {@code manual}), or
 *     null when none was commanded
 * @param detail why, in words: the refusal, what superseded it, the Job running under Forbid
 * @param jobs the Jobs made for it (more than one is a duplicate)
 * @param lateness Job creation minus scheduled time, when it ran
 * @param proof the records that show it
 */
public record RunVerdict(
    Instant scheduledTime,
    String trigger,
    boolean due,
    Fate fate,
    String reason,
    String detail,
    List<JobFacts> jobs,
    Duration lateness,
    int createdCount,
    List<RecordRef> proof) {

  public boolean manual() {
    return trigger != null;
  }
}
