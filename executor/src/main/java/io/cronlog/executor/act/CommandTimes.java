package io.cronlog.executor.act;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.UpdateStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The times in a command that say how far ahead its writer's clock runs: its own time (when it was
 * decided), a scheduled run's time, and the status times that only move forward. A command is
 * judged once this executor's clock is within the allowed skew of all of them, so a scheduler whose
 * clock runs ahead delays its runs instead of losing them; it is refused when one lies further
 * ahead than any clock could. A manual run's time (when it was asked for) and {@code
 * nextScheduleTime} (a future time by nature) say nothing of the clock.
 */
final class CommandTimes {

  private record Named(String what, Instant time) {}

  private final AllowedSkew skew;

  CommandTimes(AllowedSkew skew) {
    this.skew = skew;
  }

  /** Why {@code command} cannot have been written by any clock; empty if it could. */
  Optional<String> implausible(CommandRecord command) {
    for (Named named : named(command)) {
      Optional<String> why = skew.tooFarAhead(named.what(), named.time());
      if (why.isPresent()) {
        return why;
      }
    }
    return Optional.empty();
  }

  /**
   * When this executor's clock will be within the allowed skew of every time in {@code command}, if
   * not now.
   */
  Optional<Instant> notBefore(CommandRecord command) {
    if (implausible(command).isPresent()) {
      return Optional.empty(); // judged now, and refused
    }
    return named(command).stream()
        .map(n -> skew.acceptableFrom(n.time()))
        .flatMap(Optional::stream)
        .max(Instant::compareTo);
  }

  /**
   * The moment a command waits for by this executor's clock, if it lies ahead: a scheduled run's
   * time, since no run may start early; and a deletion's own time, since a Replace deletes the
   * running Job only once the newer run is due, which the scheduler's clock said it was. Other
   * commands need no such wait: within the allowed skew a clock ahead is as good as ours.
   */
  Optional<Instant> dueAt(CommandRecord command) {
    Instant due = null;
    if (command instanceof CreateJob create && !create.manual()) {
      due = create.scheduledTime();
    } else if (command instanceof DeleteJob) {
      due = command.time();
    }
    return due != null && due.isAfter(skew.clock().instant()) ? Optional.of(due) : Optional.empty();
  }

  private static List<Named> named(CommandRecord command) {
    List<Named> times = new ArrayList<>();
    times.add(new Named("time ", command.time()));
    if (command instanceof CreateJob create && !create.manual()) {
      times.add(new Named("scheduledTime ", create.scheduledTime()));
    } else if (command instanceof UpdateStatus update) {
      times.add(new Named("lastSuccessfulTime ", update.lastSuccessfulTime()));
      times.add(new Named("lastMissedTime ", update.lastMissedTime()));
    }
    return times;
  }
}
