package io.cronlog.scheduler.decide;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.KubeTimes;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.rules.Concurrency;
import io.cronlog.records.rules.FireTimes;
import io.cronlog.records.rules.MissedTimes;
import io.cronlog.records.rules.StartingDeadline;
import io.cronlog.schedule.Schedule;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Steps 5 to 11 of a sync: which scheduled time, if any, is due now; whether the concurrency policy
 * lets it start; and the next scheduled time.
 */
final class RunPlanner {

  private final Situation situation;
  private final ScheduledJob scheduledJob;
  private final Schedule schedule;
  private final Commands commands;
  private final StatusDiff status;
  private final List<ObjectReference> active;
  private final Instant now;

  RunPlanner(
      Situation situation,
      Schedule schedule,
      Commands commands,
      StatusDiff status,
      List<ObjectReference> active) {
    this.situation = situation;
    this.scheduledJob = situation.scheduledJob();
    this.schedule = schedule;
    this.commands = commands;
    this.status = status;
    this.active = active;
    this.now = situation.now();
  }

  /** Whether a scheduled run started by this scheduler is not yet in the status. */
  boolean scheduledRunPending() {
    return situation.pendingRuns().stream().anyMatch(p -> onSchedule(p, lastOrCreation()));
  }

  /**
   * Steps 5 to 10. {@code manualRunStarting}: a manual run starts (or was just started) in this
   * decision; it was asked for before this scheduled time came due, so under Forbid it counts as
   * running and under Replace the scheduled run waits for the next decision, which replaces it.
   */
  void plan(boolean manualRunStarting) {
    Instant base = earliest();
    Instant windowStart =
        StartingDeadline.windowStart(
            base, scheduledJob.getSpec().getStartingDeadlineSeconds(), now);
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
      commands.eventAboutTime(
          t,
          EventType.Warning,
          "TooManyMissedTimes",
          "too many missed start times (> "
              + MissedTimes.TOO_MANY
              + "). Set or decrease .spec.startingDeadlineSeconds or check clock skew");
    }
    if (alreadyStarted(t)) {
      return;
    }
    ConcurrencyPolicy policy = scheduledJob.getSpec().concurrencyPolicyOrDefault();
    // A manual run is pending at its request time until its lifetime ends, even after its Job
    // finished; it counts through manualRunStarting while the status does not show it yet.
    boolean running = !active.isEmpty() || scheduledRunPending() || manualRunStarting;
    Concurrency.Verdict verdict = Concurrency.verdict(policy, running);
    if (verdict == Concurrency.Verdict.SKIP) {
      commands.eventAboutTime(
          t,
          EventType.Normal,
          "JobAlreadyActive",
          "Not starting job because prior execution is running and concurrency policy is Forbid");
      return;
    }
    if (verdict == Concurrency.Verdict.REPLACE && manualRunStarting) {
      return;
    }
    ScheduledJobRef ref = ScheduledJobRef.of(scheduledJob);
    if (verdict == Concurrency.Verdict.REPLACE) {
      for (ObjectReference job : active) {
        commands.add(
            DeleteJob.of(ref, job.getName(), job.getUid(), "concurrencyPolicy Replace", now));
      }
    }
    // Earlier due times after the base are superseded by this one: the Kubernetes rule, recorded.
    // Those already reported missed past their deadline are not superseded; they were missed.
    Instant reported = status.lastMissedTime();
    Instant supersedesAfter =
        reported != null && reported.isAfter(base) && reported.isBefore(t) ? reported : base;
    boolean superseding =
        schedule.next(supersedesAfter).filter(first -> first.isBefore(t)).isPresent();
    commands.add(
        CreateJob.forRun(
            ref, t, superseding ? RunReason.CATCH_UP : RunReason.SCHEDULED, supersedesAfter, now));
  }

  /**
   * Step 6: the run at {@code t} is under way when its Job is in {@code active}, or when its Job is
   * observed, unfinished, and still within the grace in which the status may lag behind the Job
   * watch. Past the grace a CreateJob goes out again and the executor adopts the Job (step 9).
   */
  private boolean alreadyStarted(Instant t) {
    String name = Runs.jobName(scheduledJob.getMetadata().getName(), t);
    if (active.stream().anyMatch(ref -> name.equals(ref.getName()))) {
      return true;
    }
    return situation.jobs().stream()
        .anyMatch(
            job ->
                name.equals(job.name())
                    && !job.finished()
                    && job.creationTime() != null
                    && now.isBefore(job.creationTime().plus(Decider.OBSERVATION_GRACE)));
  }

  /**
   * The time after which scheduled times count: the last run started (or, before any, the
   * creation), the runs this scheduler started that the status does not show yet, and the moment
   * the current schedule took effect, so that an edit never starts a run for an earlier time.
   */
  private Instant earliest() {
    Instant base = lastOrCreation();
    for (Instant pending : situation.pendingRuns()) {
      if (pending.isAfter(base) && onSchedule(pending, base)) {
        base = pending;
      }
    }
    Instant since = situation.scheduleSince();
    return since != null && since.isAfter(base) ? since : base;
  }

  /** The last scheduled time started, else the creation time, else now. */
  private Instant lastOrCreation() {
    Instant last =
        KubeTimes.parseOrNull(
            scheduledJob.getStatus() == null
                ? null
                : scheduledJob.getStatus().getLastScheduleTime());
    Instant base =
        last != null
            ? last
            : KubeTimes.parseOrNull(scheduledJob.getMetadata().getCreationTimestamp());
    return base == null ? now : base;
  }

  /**
   * Whether {@code pending} is a time of the schedule, counted from {@code base}. A manual run is
   * pending at the moment it was requested, which is not one: letting it move the base would skip a
   * scheduled time, or shift the grid of an {@code @every} schedule.
   */
  private boolean onSchedule(Instant pending, Instant base) {
    return FireTimes.isFireTime(schedule, pending, base);
  }

  /** A scheduled time that can no longer start: said once, recorded in status.lastMissedTime. */
  private void reportMissed(Instant missed) {
    Instant reported = status.lastMissedTime();
    if (reported == null || missed.isAfter(reported)) {
      commands.eventAboutTime(
          missed,
          EventType.Warning,
          Decider.MISSED_REASON,
          "Missed scheduled time to start a job: " + missed + " (startingDeadlineSeconds passed)");
      status.lastMissed(missed);
    }
  }
}
