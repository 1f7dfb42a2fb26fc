package io.cronlog.records;

import java.time.Instant;
import java.util.Objects;

/**
 * The result of one command, and why: for a refusal the rule that refused it, for a failure the
 * error and whether the command will be tried again.
 *
 * @param jobName the Job the command created, adopted, deleted or found in its way; else null
 * @param jobUid that Job's uid, when the executor saw it
 */
public record CommandOutcome(
    int schemaVersion,
    String id,
    Instant time,
    String commandId,
    String commandType,
    ScheduledJobRef target,
    Result result,
    String detail,
    boolean willRetry,
    String jobName,
    String jobUid)
    implements OutcomeRecord {

  public CommandOutcome {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(commandType, "commandType");
    Objects.requireNonNull(result, "result");
  }

  /**
   * The outcome of attempt number {@code attempt} (1-based) at a command. The id derives from the
   * command, the attempt, the result and whether it will be retried: a redelivery of the same
   * attempt repeats the id, while each retried attempt keeps an id of its own, so an auditor that
   * deduplicates by id keeps every attempt.
   */
  public static CommandOutcome of(
      CommandRecord command,
      int attempt,
      Result result,
      String detail,
      boolean willRetry,
      Instant now) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    String id =
        RecordIds.of(
            "outcome",
            command.id(),
            Integer.toString(attempt),
            result.name(),
            Boolean.toString(willRetry));
    return new CommandOutcome(
        SCHEMA_VERSION,
        id,
        now,
        command.id(),
        command.getClass().getSimpleName(),
        command.target(),
        result,
        detail,
        willRetry,
        null,
        null);
  }

  /** The same outcome, naming the Job it concerns. */
  public CommandOutcome withJob(String name, String uid) {
    return new CommandOutcome(
        schemaVersion,
        id,
        time,
        commandId,
        commandType,
        target,
        result,
        detail,
        willRetry,
        name,
        uid);
  }

  /** What happened. */
  public enum Result {
    CREATED,
    ADOPTED,
    DELETED,
    ALREADY_DONE,
    STATUS_UPDATED,
    EVENT_RECORDED,
    REFUSED,
    FAILED,
    /**
     * A scheduled run's time was superseded when the executor acted: a later fire time was due by
     * then, and only the most recent runs. The Job named is the later run's, created or adopted for
     * it (none when that run's deadline had passed too: see {@link #MISSED}).
     */
    SUPERSEDED,
    /**
     * A scheduled run was not started because its {@code startingDeadlineSeconds} had passed when
     * the executor acted (or that of the later time superseding it): reported as {@code
     * MissSchedule} and in {@code status.lastMissedTime}, as the controller does.
     */
    MISSED,
    /**
     * A scheduled or manual run was not started because another run of the ScheduledJob is running
     * on the live Jobs and the concurrency policy is {@code Forbid} (the controller's {@code
     * JobAlreadyActive}): the state the scheduler decided on was behind the cluster.
     */
    SKIPPED
  }
}
