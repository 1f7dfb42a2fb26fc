package io.cronlog.executor.act;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.records.KubeTimes;
import io.cronlog.records.rules.FireTimes;
import io.cronlog.schedule.Schedule;
import io.cronlog.schedule.ScheduleException;
import java.time.Instant;
import java.util.Optional;

/**
 * The fire-time check, on the shared rule ({@link FireTimes#couldBeFireTime}): a cron time must lie
 * on the schedule's grid; {@code @every} has no grid the executor can know (an edit moves it), so
 * there we check what every legitimate time satisfies: it is at least one delay after {@code
 * lastScheduleTime}, or after the creation time when nothing ran yet. A time ahead of the
 * executor's clock waits before it gets here ({@code CommandTimes}).
 */
public final class ScheduleFireTimeCheck implements FireTimeCheck {

  @Override
  public Optional<String> refusal(ScheduledJob scheduledJob, Instant t) {
    ScheduledJobSpec spec = scheduledJob.getSpec();
    Schedule schedule;
    try {
      schedule = Schedule.parse(spec.getSchedule(), spec.getTimeZone());
    } catch (ScheduleException e) {
      return Optional.of(
          "the schedule cannot be used (" + e.eventReason() + "): " + e.getMessage());
    }
    if (t.getNano() != 0) {
      return Optional.of(t + " is not a whole second, so no schedule fires then");
    }
    Instant anchor = anchor(scheduledJob);
    if (schedule.isFixedDelay() && anchor == null) {
      return Optional.empty(); // nothing to count the delay from
    }
    if (!FireTimes.couldBeFireTime(schedule, t, anchor)) {
      return Optional.of(
          schedule.isFixedDelay()
              ? t
                  + " is less than one period of "
                  + describe(spec)
                  + " after "
                  + describeAnchor(scheduledJob, anchor)
              : t + " is not a fire time of " + describe(spec));
    }
    return Optional.empty();
  }

  /**
   * What an {@code @every} counts from: the last scheduled run, else the creation (a cron grid
   * ignores it); may be null.
   */
  private static Instant anchor(ScheduledJob scheduledJob) {
    String lastScheduled =
        scheduledJob.getStatus() == null ? null : scheduledJob.getStatus().getLastScheduleTime();
    return lastScheduled != null
        ? KubeTimes.parse(lastScheduled)
        : KubeTimes.parse(scheduledJob.getMetadata().getCreationTimestamp());
  }

  private static String describeAnchor(ScheduledJob scheduledJob, Instant anchor) {
    boolean scheduled =
        scheduledJob.getStatus() != null && scheduledJob.getStatus().getLastScheduleTime() != null;
    return (scheduled ? "the last scheduled run " : "its creation at ") + anchor;
  }

  private static String describe(ScheduledJobSpec spec) {
    return "schedule '"
        + spec.getSchedule()
        + "'"
        + (spec.getTimeZone() == null ? "" : " in " + spec.getTimeZone());
  }
}
