package io.cronlog.records.rules;

import io.cronlog.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The scheduled times in a window {@code (earliest, now]}: the most recent exactly, and whether
 * there were more than {@link #TOO_MANY}. The Kubernetes controller estimates the count from the
 * gap between two fire times and can overlook a real time of an irregular schedule; this walks the
 * schedule, first from {@code earliest} for at most {@code TOO_MANY + 1} times, then, for a long
 * window, backwards in growing slices from {@code now}, so the cost stays bounded.
 */
public record MissedTimes(Optional<Instant> mostRecent, boolean tooMany) {

  /** Above this many missed times the controller warns {@code TooManyMissedTimes}. */
  public static final int TOO_MANY = 100;

  /** The scheduled times of {@code schedule} after {@code earliest} and not after {@code now}. */
  public static MissedTimes in(Schedule schedule, Instant earliest, Instant now) {
    Instant last = null;
    Instant cursor = earliest;
    for (int count = 0; count <= TOO_MANY; count++) {
      Optional<Instant> next = schedule.next(cursor);
      if (next.isEmpty() || next.get().isAfter(now)) {
        return new MissedTimes(Optional.ofNullable(last), false);
      }
      last = next.get();
      cursor = last;
    }
    if (schedule.isFixedDelay()) {
      // @every counts from the previous time, so its times lie on a grid from earliest.
      long period =
          schedule.next(earliest).orElseThrow().getEpochSecond() - earliest.getEpochSecond();
      long steps = (now.getEpochSecond() - earliest.getEpochSecond()) / period;
      return new MissedTimes(
          Optional.of(Instant.ofEpochSecond(earliest.getEpochSecond() + steps * period)), true);
    }
    return new MissedTimes(mostRecentBackwards(schedule, last, now), true);
  }

  private static Optional<Instant> mostRecentBackwards(
      Schedule schedule, Instant knownBefore, Instant now) {
    Duration slice = Duration.ofHours(1);
    while (true) {
      Instant from = now.minus(slice);
      if (!from.isAfter(knownBefore)) {
        from = knownBefore;
      }
      Instant found = null;
      for (Optional<Instant> next = schedule.next(from);
          next.isPresent() && !next.get().isAfter(now);
          next = schedule.next(next.get())) {
        found = next.get();
      }
      if (found != null || from.equals(knownBefore)) {
        return Optional.of(found != null ? found : knownBefore);
      }
      slice = slice.multipliedBy(8);
    }
  }
}
