package io.cronlog.executor.act;

import io.cronlog.records.KubeTimes;
import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.schedule.Schedule;
import io.cronlog.schedule.ScheduleException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The fire-time check on the schedule module's parser, with the controller's semantics. A cron
 * schedule has a fixed grid: {@code t} is a fire time when the first fire time after
 * {@code t - 1s} is {@code t}. {@code @every} has no grid (each time is the previous reference
 * time plus the delay), so there we check what every legitimate time satisfies: it is at least
 * one delay after {@code lastScheduleTime}, or after the creation time when nothing ran yet.
 * A time ahead of the executor's clock waits before it gets here ({@code CommandTimes}).
 */
public final class ScheduleFireTimeCheck implements FireTimeCheck {

  private final AllowedSkew skew;

  public ScheduleFireTimeCheck(Clock clock, Duration maxClockSkew) {
    this(new AllowedSkew(clock, maxClockSkew));
  }

  ScheduleFireTimeCheck(AllowedSkew skew) {
    this.skew = skew;
  }

  @Override
  public Optional<String> refusal(ScheduledJob scheduledJob, Instant t) {
    ScheduledJobSpec spec = scheduledJob.getSpec();
    Schedule schedule;
    try {
      schedule = Schedule.parse(spec.getSchedule(), spec.getTimeZone());
    } catch (ScheduleException e) {
      return Optional.of("the schedule cannot be used (" + e.eventReason() + "): " + e.getMessage());
    }
    if (t.getNano() != 0) {
      return Optional.of(t + " is not a whole second, so no schedule fires then");
    }
    if (isFixedDelay(spec.getSchedule())) {
      return everyRefusal(scheduledJob, schedule, t);
    }
    if (!schedule.next(t.minusSeconds(1)).equals(Optional.of(t))) {
      return Optional.of(t + " is not a fire time of " + describe(spec));
    }
    return Optional.empty();
  }

  private static Optional<String> everyRefusal(ScheduledJob scheduledJob, Schedule schedule, Instant t) {
    String lastScheduled = scheduledJob.getStatus() == null ? null : scheduledJob.getStatus().getLastScheduleTime();
    Instant anchor = lastScheduled != null ? KubeTimes.parse(lastScheduled)
        : KubeTimes.parse(scheduledJob.getMetadata().getCreationTimestamp());
    if (anchor == null) {
      return Optional.empty();
    }
    // The delay is what the schedule adds to any reference time.
    Instant earliest = schedule.next(anchor.truncatedTo(ChronoUnit.SECONDS)).orElseThrow();
    if (t.isBefore(earliest)) {
      return Optional.of(t + " is less than one period of " + describe(scheduledJob.getSpec())
          + " after " + (lastScheduled != null ? "the last scheduled run " : "its creation at ") + anchor);
    }
    return Optional.empty();
  }

  private static boolean isFixedDelay(String schedule) {
    return schedule != null && schedule.strip().startsWith("@every");
  }

  private static String describe(ScheduledJobSpec spec) {
    return "schedule '" + spec.getSchedule() + "'"
        + (spec.getTimeZone() == null ? "" : " in " + spec.getTimeZone());
  }
}
