package io.cronlog.records;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A record on {@code cronlog.commands}: a decision of the scheduler for the executor to carry out.
 * Ids are deterministic, so deciding the same thing twice yields the same command.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = CreateJob.class, name = "CreateJob"),
  @JsonSubTypes.Type(value = DeleteJob.class, name = "DeleteJob"),
  @JsonSubTypes.Type(value = UpdateStatus.class, name = "UpdateStatus"),
  @JsonSubTypes.Type(value = RecordEvent.class, name = "RecordEvent")
})
public sealed interface CommandRecord extends CronlogRecord
    permits CreateJob, DeleteJob, UpdateStatus, RecordEvent {

  /** The ScheduledJob the command acts for. */
  ScheduledJobRef target();

  /**
   * What the scheduler decided this command on; null for a command no scheduler decision made (the
   * watcher's {@code RecordTooLarge} warning) and in records written before it was recorded.
   */
  DecisionBasis decision();

  /**
   * This command as made by the decision {@code basis}; the id stays, since it names what is done.
   */
  CommandRecord withDecision(DecisionBasis basis);
}
