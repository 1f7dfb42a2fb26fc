package io.cronlog.records;

import java.time.Instant;
import java.util.Objects;

/**
 * The result of one command, and why: for a refusal the rule that refused it, for a failure the
 * error and whether the command will be tried again.
 */
public record CommandOutcome(int schemaVersion, String id, Instant time, String commandId,
    String commandType, ScheduledJobRef target, Result result, String detail, boolean willRetry)
    implements OutcomeRecord {

  public CommandOutcome {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(commandType, "commandType");
    Objects.requireNonNull(result, "result");
  }

  /** The outcome of a command; one id per command and result, so a redelivery repeats it. */
  public static CommandOutcome of(CommandRecord command, Result result, String detail, boolean willRetry,
      Instant now) {
    String id = RecordIds.of("outcome", command.id(), result.name(), Boolean.toString(willRetry));
    return new CommandOutcome(SCHEMA_VERSION, id, now, command.id(),
        command.getClass().getSimpleName(), command.target(), result, detail, willRetry);
  }

  /** What happened. */
  public enum Result {
    CREATED, ADOPTED, DELETED, ALREADY_DONE, STATUS_UPDATED, EVENT_RECORDED, REFUSED, FAILED
  }
}
