package io.cronlog.scheduler.decide;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.RecordIds;
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
   * An Event to record; {@code about} names what it is about (a Job uid, a scheduled time), so
   * the same Event decided again is the same command and is recorded once.
   */
  void event(EventType type, String reason, String message, String about) {
    String id = RecordIds.of("event", ref.uid(), reason, about);
    commands.add(new RecordEvent(CronlogRecord.SCHEMA_VERSION, id, now, ref, type, reason, message));
  }

  List<CommandRecord> all() {
    return List.copyOf(commands);
  }
}
