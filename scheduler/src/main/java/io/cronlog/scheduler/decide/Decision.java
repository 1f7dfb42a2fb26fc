package io.cronlog.scheduler.decide;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What must happen now, in order, and when to look again (empty: only when the state changes). */
public record Decision(List<CommandRecord> commands, Optional<Instant> nextWake) {

  public Decision {
    commands = List.copyOf(commands);
  }

  /** The run this decision starts, if any. */
  public Optional<CreateJob> run() {
    return commands.stream()
        .filter(CreateJob.class::isInstance)
        .map(CreateJob.class::cast)
        .findFirst();
  }
}
