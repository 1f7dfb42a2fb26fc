package io.cronlog.schedule;

/**
 * The two kinds of schedule robfig/cron knows: calendar fields, and a fixed delay ({@code @every}).
 */
sealed interface Recurrence permits CronExpression, FixedDelay {

  /** Returned by {@link #nextEpochSecond} when there is no next time within the search horizon. */
  long NONE = Long.MIN_VALUE;

  /**
   * The first fire time strictly after {@code afterEpochSecond} (a time whose sub-second part has
   * already been dropped, which both kinds do first), as epoch seconds, or {@link #NONE}.
   */
  long nextEpochSecond(long afterEpochSecond, ZoneTimeline zone);
}
