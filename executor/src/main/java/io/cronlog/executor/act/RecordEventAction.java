package io.cronlog.executor.act;

import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.RecordEvent;

/** Records the scheduler's Event on the ScheduledJob, once however often the command arrives. */
public final class RecordEventAction {

  private final EventRecorder events;

  public RecordEventAction(EventRecorder events) {
    this.events = events;
  }

  /** Acts on {@code command}; API failures propagate. */
  public ActionResult act(RecordEvent command) {
    boolean created = events.record(command.target(), command.id(), command.eventType(), command.reason(),
        command.message());
    return created
        ? ActionResult.of(Result.EVENT_RECORDED, command.eventType() + " " + command.reason())
        : ActionResult.of(Result.ALREADY_DONE, "Event " + command.reason() + " was already recorded");
  }
}
