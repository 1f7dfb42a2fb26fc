package io.cronlog.scheduler.decide;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.JobSummary;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.rules.Concurrency;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A manual run: a value of the {@code cronlog.io/trigger} annotation that {@code
 * status.lastTrigger} does not show yet starts one run, whatever the schedule says and even when
 * suspended (as {@code kubectl create job --from=cronjob} does), but under the concurrency policy:
 * Forbid makes it wait until no run is active, Replace deletes the active runs first. Waiting, it
 * goes before a scheduled time that comes due after it was asked for. It never touches {@code
 * lastScheduleTime}, so no scheduled time is skipped or run twice because of it.
 */
final class ManualRun {

  private final Situation situation;
  private final ScheduledJob scheduledJob;
  private final Commands commands;
  private final List<ObjectReference> active;
  private final Instant now;

  ManualRun(Situation situation, Commands commands, List<ObjectReference> active) {
    this.situation = situation;
    this.scheduledJob = situation.scheduledJob();
    this.commands = commands;
    this.active = active;
    this.now = situation.now();
  }

  /**
   * Decides the manual run, if one is asked for; {@code scheduledRunPending}: a scheduled run
   * started by this scheduler is not in the status yet. True when a manual run is starting (or its
   * Job exists unfinished), which the schedule's own run must then respect: the manual run was
   * asked for first, so a busy every-minute schedule cannot starve it under Forbid.
   */
  boolean plan(boolean scheduledRunPending) {
    String trigger = Runs.pendingTrigger(scheduledJob);
    if (trigger == null) {
      return false;
    }
    ScheduledJobRef ref = ScheduledJobRef.of(scheduledJob);
    Optional<JobSummary> existing = jobOf(trigger);
    if (existing.isPresent()) {
      JobSummary job = existing.get();
      // Created but not yet recorded: within the grace the status is on its way; after it (a
      // crash between create and status) the same command goes out and the executor adopts the Job.
      if (job.finished()
          || job.creationTime() == null
          || !now.isBefore(job.creationTime().plus(Decider.OBSERVATION_GRACE))) {
        Instant requestedAt =
            job.scheduledTime() != null ? job.scheduledTime() : job.creationTime();
        commands.add(CreateJob.forManualRun(ref, trigger, requestedAt, now));
      }
      return !job.finished();
    }
    ConcurrencyPolicy policy = scheduledJob.getSpec().concurrencyPolicyOrDefault();
    Concurrency.Verdict verdict =
        Concurrency.verdict(policy, !active.isEmpty() || scheduledRunPending);
    if (verdict == Concurrency.Verdict.SKIP) {
      commands.event(
          EventType.Normal,
          "ManualRunWaiting",
          "Manual run '"
              + trigger
              + "' waits: "
              + describeRunning()
              + " is running and concurrency policy is Forbid",
          "trigger-" + trigger);
      return false;
    }
    if (verdict == Concurrency.Verdict.REPLACE) {
      for (ObjectReference job : active) {
        commands.add(
            DeleteJob.of(ref, job.getName(), job.getUid(), "concurrencyPolicy Replace", now));
      }
    }
    commands.add(CreateJob.forManualRun(ref, trigger, now.truncatedTo(ChronoUnit.SECONDS), now));
    return true;
  }

  /** The observed Job of this trigger's run: its name ends in the trigger's hash. */
  private Optional<JobSummary> jobOf(String trigger) {
    String suffix = "-m" + Runs.triggerHash(trigger);
    return situation.jobs().stream().filter(job -> job.name().endsWith(suffix)).findFirst();
  }

  private String describeRunning() {
    return active.isEmpty() ? "a run just started" : active.get(0).getName();
  }
}
