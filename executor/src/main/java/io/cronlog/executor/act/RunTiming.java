package io.cronlog.executor.act;

import io.cronlog.records.rules.FireTimes;
import io.cronlog.records.rules.StartingDeadline;
import io.cronlog.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;

/**
 * The controller's timing rules for a scheduled run, judged when the executor acts rather than when
 * the scheduler decided, so that however long a command waited (an executor or a watcher that
 * lagged) it starts only what the controller would start now: the most recent fire time after the
 * command's, and only within its starting deadline.
 *
 * @param commanded the command's scheduled time
 * @param runAt the time whose run starts: {@code commanded}, or the most recent fire time after it
 *     that is not after now (the backlog collapses to it)
 * @param missed {@code runAt}'s starting deadline (widened by the tolerance) passed: nothing starts
 */
record RunTiming(Instant commanded, Instant runAt, boolean missed) {

  /**
   * Judges the run commanded for {@code t} at {@code now}. {@code tolerance} is the largest clock
   * skew allowed: the scheduler that decided may have a clock behind ours, and skew alone must not
   * turn a run into a miss.
   */
  static RunTiming judge(
      Schedule schedule, Instant t, Long startingDeadlineSeconds, Instant now, Duration tolerance) {
    Instant runAt = FireTimes.mostRecent(schedule, t, now).orElse(t);
    return new RunTiming(
        t, runAt, StartingDeadline.passed(runAt, startingDeadlineSeconds, now, tolerance));
  }

  /** A later time was due: the run of {@link #runAt()} starts instead of the commanded one. */
  boolean superseded() {
    return !runAt.equals(commanded);
  }
}
