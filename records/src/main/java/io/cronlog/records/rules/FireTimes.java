package io.cronlog.records.rules;

import io.cronlog.schedule.Schedule;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Which instants are fire times of a schedule, with the controller's semantics, for the scheduler,
 * the executor and the audit alike. A cron schedule has a fixed calendar grid. {@code @every} has
 * none: each time is the previous reference time plus the delay, so its times lie on a grid that
 * starts at an anchor (the last scheduled time, else the creation, or the moment the schedule took
 * effect), and a caller must say which anchor it knows.
 */
public final class FireTimes {

  private FireTimes() {}

  /**
   * Whether {@code t} is a time of {@code schedule} counted from {@code anchor}: on the cron grid,
   * or for {@code @every} a whole number of periods after the anchor.
   */
  public static boolean isFireTime(Schedule schedule, Instant t, Instant anchor) {
    if (t.getNano() != 0) {
      return false;
    }
    if (schedule.isFixedDelay()) {
      long period = period(schedule, anchor);
      long offset = t.getEpochSecond() - anchor.getEpochSecond();
      return period > 0 && offset % period == 0;
    }
    return schedule.next(t.minusSeconds(1)).filter(t::equals).isPresent();
  }

  /**
   * Whether {@code t} could be a fire time for someone who knows the anchor only as a lower bound
   * (the executor, which cannot know when an edited {@code @every} schedule took effect): on the
   * cron grid, or for {@code @every} at least one period after {@code anchor}.
   */
  public static boolean couldBeFireTime(Schedule schedule, Instant t, Instant anchor) {
    if (t.getNano() != 0) {
      return false;
    }
    if (schedule.isFixedDelay()) {
      return !t.isBefore(schedule.next(anchor.truncatedTo(ChronoUnit.SECONDS)).orElseThrow());
    }
    return isFireTime(schedule, t, anchor);
  }

  /**
   * The first fire time after {@code after}; for {@code @every}, on the grid that starts at {@code
   * anchor} (not a whole period after {@code after}, which would shift the grid).
   */
  public static Optional<Instant> firstAfter(Schedule schedule, Instant anchor, Instant after) {
    if (!schedule.isFixedDelay()) {
      return schedule.next(after);
    }
    Optional<Instant> first = schedule.next(anchor);
    if (first.isEmpty() || first.get().isAfter(after)) {
      return first;
    }
    long period = period(schedule, anchor);
    long steps = (after.getEpochSecond() - first.get().getEpochSecond()) / period + 1;
    return Optional.of(first.get().plusSeconds(steps * period));
  }

  /**
   * The most recent fire time after {@code after} and not after {@code now}, counted as the
   * controller's {@code mostRecentScheduleTime} does (for {@code @every}, from {@code after}).
   */
  public static Optional<Instant> mostRecent(Schedule schedule, Instant after, Instant now) {
    return MissedTimes.in(schedule, after, now).mostRecent();
  }

  private static long period(Schedule schedule, Instant anchor) {
    return schedule
        .next(anchor)
        .map(first -> first.getEpochSecond() - anchor.getEpochSecond())
        .orElse(0L);
  }
}
