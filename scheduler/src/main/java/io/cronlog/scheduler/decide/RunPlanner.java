package io.cronlog.scheduler.decide;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.schedule.Schedule;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Steps 5 to 11 of a sync: which scheduled time, if any, is due now; whether the concurrency
 * policy lets it start; and the next scheduled time.
 */
final class RunPlanner {

  private final Situation situation;
  private final ScheduledJob scheduledJob;
  private final Schedule schedule;
  private final Commands commands;
  private final StatusChange status;
  private final List<ObjectReference> active;
  private final Instant now;

  RunPlanner(Situation situation, Schedule schedule, Commands commands, StatusChange status,
      List<ObjectReference> active) {
    this.situation = situation;
    this.scheduledJob = situation.scheduledJob();
    this.schedule = schedule;
    this.commands = commands;
    this.status = status;
    this.active = active;
    this.now = situation.now();
  }

  void plan() {
    Instant base = earliest();
    Long deadline = scheduledJob.getSpec().getStartingDeadlineSeconds();
    Instant windowStart = base;
    if (deadline != null && now.minusSeconds(deadline).isAfter(base)) {
      windowStart = now.minusSeconds(deadline);
    }
    MissedTimes window = MissedTimes.in(schedule, windowStart, now);
    Optional<Instant> due = window.mostRecent();
    if (due.isEmpty() && windowStart.isAfter(base)) {
      Optional<Instant> missed = MissedTimes.in(schedule, base, windowStart).mostRecent();
      missed.ifPresent(this::reportMissed);
      status.nextScheduleTime(schedule.next(missed.orElse(base)).orElse(null));
      return;
    }
    if (due.isEmpty()) {
      status.nextScheduleTime(schedule.next(base).orElse(null));
      return;
    }
    Instant t = due.get();
    status.nextScheduleTime(schedule.next(t).orElse(null));
    if (window.tooMany()) {
      commands.event(EventType.Warning, "TooManyMissedTimes", "too many missed start times (> "
          + MissedTimes.TOO_MANY + "). Set or decrease .spec.startingDeadlineSeconds or check clock skew",
          t.toString());
    }
    ConcurrencyPolicy policy = scheduledJob.getSpec().concurrencyPolicyOrDefault();
    boolean running = !active.isEmpty() || !situation.pendingRuns().isEmpty();
    if (policy == ConcurrencyPolicy.Forbid && running) {
      commands.event(EventType.Normal, "JobAlreadyActive",
          "Not starting job because prior execution is running and concurrency policy is Forbid", t.toString());
      return;
    }
    ScheduledJobRef ref = ScheduledJobRef.of(scheduledJob);
    if (policy == ConcurrencyPolicy.Replace) {
      for (ObjectReference job : active) {
        commands.add(DeleteJob.of(ref, job.getName(), job.getUid(), "concurrencyPolicy Replace", now));
      }
    }
    commands.add(CreateJob.forRun(ref, t, null, "scheduled", now));
  }

  /**
   * The time after which scheduled times count: the last run started (or, before any, the
   * creation), the runs this scheduler started that the status does not show yet, and the moment
   * the current schedule took effect, so that an edit never starts a run for an earlier time.
   */
  private Instant earliest() {
    Instant last = Times.parse(scheduledJob.getStatus() == null ? null : scheduledJob.getStatus().getLastScheduleTime());
    Instant base = last != null ? last : Times.parse(scheduledJob.getMetadata().getCreationTimestamp());
    if (base == null) {
      base = now;
    }
    for (Instant pending : situation.pendingRuns()) {
      if (pending.isAfter(base)) {
        base = pending;
      }
    }
    Instant since = situation.scheduleSince();
    return since != null && since.isAfter(base) ? since : base;
  }

  /** A scheduled time that can no longer start: said once, recorded in status.lastMissedTime. */
  private void reportMissed(Instant missed) {
    Instant reported = status.lastMissedTime();
    if (reported == null || missed.isAfter(reported)) {
      commands.event(EventType.Warning, "MissSchedule",
          "Missed scheduled time to start a job: " + missed + " (startingDeadlineSeconds passed)", missed.toString());
      status.lastMissed(missed);
    }
  }
}
