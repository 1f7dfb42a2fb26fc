package io.cronlog.records;

import java.time.Instant;
import java.util.Objects;

/**
 * Start the run of {@code target} at {@code scheduledTime}: create its Job from the live
 * ScheduledJob's template, then add it to {@code status.active} and move
 * {@code status.lastScheduleTime} to the scheduled time. {@code manualTrigger} is the value of
 * the trigger annotation for a manual run, null for a scheduled one; a manual run's scheduled time
 * is when it was requested, and it moves {@code status.lastTrigger} instead of
 * {@code lastScheduleTime}.
 */
public record CreateJob(int schemaVersion, String id, Instant time, ScheduledJobRef target,
    Instant scheduledTime, String manualTrigger, String reason) implements CommandRecord {

  public CreateJob {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(scheduledTime, "scheduledTime");
  }

  /** The command for a run; its id is the run's identity, so a repeated decision repeats it. */
  public static CreateJob forRun(ScheduledJobRef target, Instant scheduledTime, String manualTrigger,
      String reason, Instant now) {
    String id = RecordIds.of("create", target.uid(), scheduledTime.toString());
    return new CreateJob(SCHEMA_VERSION, id, now, target, scheduledTime, manualTrigger, reason);
  }

  /**
   * The command for the manual run asked for by {@code trigger}; its id derives from the trigger
   * value alone, so deciding it again later (at another instant) is the same command.
   * {@code requestedAt} becomes its scheduled time.
   */
  public static CreateJob forManualRun(ScheduledJobRef target, String trigger, Instant requestedAt, String reason,
      Instant now) {
    String id = RecordIds.of("manual", target.uid(), trigger);
    return new CreateJob(SCHEMA_VERSION, id, now, target, requestedAt, trigger, reason);
  }

  public boolean manual() {
    return manualTrigger != null;
  }
}
