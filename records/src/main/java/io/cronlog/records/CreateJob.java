package io.cronlog.records;

import java.time.Instant;
import java.util.Objects;

/**
 * Start the run of {@code target} at {@code scheduledTime}: create its Job from the live
 * ScheduledJob's template, then add it to {@code status.active} and move {@code
 * status.lastScheduleTime} to the scheduled time. {@code manualTrigger} is the value of the trigger
 * annotation for a manual run, null for a scheduled one; a manual run's scheduled time is when it
 * was requested, and it moves {@code status.lastTrigger} instead of {@code lastScheduleTime}.
 *
 * @param reason why the run starts; {@link RunReason#MANUAL} exactly when {@code manualTrigger} is
 *     set
 * @param supersedesAfter for a scheduled run, the instant after which due times count (the previous
 *     run, else creation, or the moment the current schedule took effect); the due times after it
 *     and before {@code scheduledTime} are superseded by this run. Null for a manual run, and in
 *     records written before it was recorded.
 */
public record CreateJob(
    int schemaVersion,
    String id,
    Instant time,
    ScheduledJobRef target,
    Instant scheduledTime,
    String manualTrigger,
    RunReason reason,
    Instant supersedesAfter,
    DecisionBasis decision)
    implements CommandRecord {

  public CreateJob {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(scheduledTime, "scheduledTime");
    Objects.requireNonNull(reason, "reason");
    if ((manualTrigger != null) != (reason == RunReason.MANUAL)) {
      throw new IllegalArgumentException(
          "a run is manual exactly when it has a manual trigger; reason "
              + reason
              + ", trigger "
              + manualTrigger);
    }
  }

  /**
   * The command for the scheduled run at {@code scheduledTime}; its id is the run's identity, so a
   * repeated decision repeats it.
   */
  public static CreateJob forRun(
      ScheduledJobRef target,
      Instant scheduledTime,
      RunReason reason,
      Instant supersedesAfter,
      Instant now) {
    String id = RecordIds.of("create", target.uid(), scheduledTime.toString());
    return new CreateJob(
        SCHEMA_VERSION, id, now, target, scheduledTime, null, reason, supersedesAfter, null);
  }

  /**
   * The command for the manual run asked for by {@code trigger}; its id derives from the trigger
   * value alone, so deciding it again later (at another instant) is the same command. {@code
   * requestedAt} becomes its scheduled time.
   */
  public static CreateJob forManualRun(
      ScheduledJobRef target, String trigger, Instant requestedAt, Instant now) {
    String id = RecordIds.of("manual", target.uid(), trigger);
    return new CreateJob(
        SCHEMA_VERSION, id, now, target, requestedAt, trigger, RunReason.MANUAL, null, null);
  }

  public boolean manual() {
    return manualTrigger != null;
  }

  @Override
  public CreateJob withDecision(DecisionBasis basis) {
    return new CreateJob(
        schemaVersion,
        id,
        time,
        target,
        scheduledTime,
        manualTrigger,
        reason,
        supersedesAfter,
        basis);
  }
}
