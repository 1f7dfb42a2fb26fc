package io.cronlog.scheduler.decide;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.DecisionBasis;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.ScheduledJobRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The commands of one decision, in the order they must be carried out. */
final class Commands {

  private final ScheduledJobRef ref;
  private final Instant now;
  private final List<CommandRecord> commands = new ArrayList<>();

  Commands(ScheduledJobRef ref, Instant now) {
    this.ref = ref;
    this.now = now;
  }

  void add(CommandRecord command) {
    commands.add(command);
  }

  /**
   * An Event to record; {@code about} names what it is about (a generation, a trigger value), so
   * the same Event decided again is the same command and is recorded once.
   */
  void event(EventType type, String reason, String message, String about) {
    commands.add(RecordEvent.of(ref, type, reason, message, about, now));
  }

  /** An Event about the scheduled time {@code scheduledTime}. */
  void eventAboutTime(Instant scheduledTime, EventType type, String reason, String message) {
    commands.add(
        RecordEvent.of(ref, type, reason, message, scheduledTime.toString(), now)
            .aboutScheduledTime(scheduledTime));
  }

  /** An Event about the Job {@code jobName} with {@code jobUid}. */
  void eventAboutJob(String jobName, String jobUid, EventType type, String reason, String message) {
    commands.add(RecordEvent.of(ref, type, reason, message, jobUid, now).aboutJob(jobName));
  }

  /** The commands, each carrying {@code basis}, the decision they were made in. */
  List<CommandRecord> all(DecisionBasis basis) {
    return commands.stream().map(command -> command.withDecision(basis)).toList();
  }

  boolean isEmpty() {
    return commands.isEmpty();
  }
}
