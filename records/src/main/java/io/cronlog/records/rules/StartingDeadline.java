package io.cronlog.records.rules;

import java.time.Duration;
import java.time.Instant;

/**
 * The {@code startingDeadlineSeconds} rule: a run may start only until its scheduled time plus the
 * deadline; after that it is missed (the controller's {@code MissSchedule}). No deadline means a
 * run may start however late.
 */
public final class StartingDeadline {

  private StartingDeadline() {}

  /**
   * Whether the run at {@code t} can no longer start at {@code now}. {@code tolerance} widens the
   * deadline for a judge whose clock may run ahead of the clock that decided the run (the executor
   * allows the maximum clock skew), so that skew alone never turns a run into a miss.
   */
  public static boolean passed(
      Instant t, Long startingDeadlineSeconds, Instant now, Duration tolerance) {
    return startingDeadlineSeconds != null
        && now.isAfter(t.plusSeconds(startingDeadlineSeconds).plus(tolerance));
  }

  /**
   * Where the window of times that may still start begins: {@code base}, or {@code now} minus the
   * deadline when that is later (the controller's {@code earliestTime} adjustment).
   */
  public static Instant windowStart(Instant base, Long startingDeadlineSeconds, Instant now) {
    if (startingDeadlineSeconds == null) {
      return base;
    }
    Instant byDeadline = now.minusSeconds(startingDeadlineSeconds);
    return byDeadline.isAfter(base) ? byDeadline : base;
  }
}
