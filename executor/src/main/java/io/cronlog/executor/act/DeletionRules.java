package io.cronlog.executor.act;

import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.records.JobPhase;
import io.cronlog.records.JobSummary;
import io.cronlog.records.rules.Concurrency;
import io.cronlog.records.rules.FireTimes;
import io.cronlog.records.state.JobSummaries;
import io.cronlog.schedule.Schedule;
import io.cronlog.schedule.ScheduleException;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When the CronJob rules let a Job of a ScheduledJob be deleted, judged on the live objects: a
 * finished Job beyond its history limit, or any Job under {@code Replace} once a newer run is due
 * or asked for. Anyone who can write {@code cronlog.commands} could otherwise delete any Job whose
 * name and uid {@code cronlog.events} shows.
 */
final class DeletionRules {

  /**
   * The executor's clock: a command decided by a clock ahead of it has waited for it ({@link
   * CommandTimes#dueAt}).
   */
  private final Clock clock;

  DeletionRules(Clock clock) {
    this.clock = clock;
  }

  /**
   * Why {@code job} must not be deleted, or empty if the rules allow it.
   *
   * @param controlled every Job {@code owner} controls, {@code job} among them
   */
  Optional<String> refusal(ScheduledJob owner, Job job, List<Job> controlled) {
    JobSummary target = JobSummaries.of(job);
    ScheduledJobSpec spec = owner.getSpec();
    if (target.finished()
        && beyondHistoryLimit(target, controlled, limitFor(spec, target.phase()))) {
      return Optional.empty();
    }
    if (Concurrency.newerRunReplaces(spec.concurrencyPolicyOrDefault())
        && newerRunDue(owner, target)) {
      return Optional.empty();
    }
    if (!target.finished()) {
      return Optional.of(
          "Job "
              + target.name()
              + " is running and no newer run replaces it (concurrencyPolicy "
              + spec.concurrencyPolicyOrDefault()
              + ")");
    }
    String limit =
        target.phase() == JobPhase.SUCCEEDED
            ? "successfulJobsHistoryLimit"
            : "failedJobsHistoryLimit";
    return Optional.of(
        "Job "
            + target.name()
            + " is among the newest "
            + limitFor(spec, target.phase())
            + " "
            + target.phase().name().toLowerCase()
            + " Jobs that "
            + limit
            + " keeps");
  }

  private static int limitFor(ScheduledJobSpec spec, JobPhase phase) {
    return phase == JobPhase.SUCCEEDED
        ? spec.successfulJobsHistoryLimitOrDefault()
        : spec.failedJobsHistoryLimitOrDefault();
  }

  /** In the controller's order, the Job is older than the {@code limit} newest of its phase. */
  private static boolean beyondHistoryLimit(JobSummary target, List<Job> controlled, int limit) {
    List<JobSummary> samePhase =
        controlled.stream()
            .map(JobSummaries::of)
            .filter(job -> job.phase() == target.phase())
            .sorted(JobSummary.OLDEST_FIRST)
            .toList();
    for (int i = 0; i < samePhase.size(); i++) {
      if (samePhase.get(i).uid().equals(target.uid())) {
        return samePhase.size() - 1 - i >= limit;
      }
    }
    return false;
  }

  /**
   * A manual run is asked for, or the schedule has a time after the Job's own that is not in the
   * future.
   */
  private boolean newerRunDue(ScheduledJob owner, JobSummary job) {
    if (Runs.pendingTrigger(owner) != null) {
      return true;
    }
    Instant since = job.scheduledTime() != null ? job.scheduledTime() : job.creationTime();
    if (owner.getSpec().suspendedOrDefault() || since == null) {
      return false;
    }
    try {
      Schedule schedule =
          Schedule.parse(owner.getSpec().getSchedule(), owner.getSpec().getTimeZone());
      return FireTimes.mostRecent(schedule, since, clock.instant()).isPresent();
    } catch (ScheduleException e) {
      return false;
    }
  }
}
