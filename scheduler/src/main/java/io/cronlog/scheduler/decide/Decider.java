package io.cronlog.scheduler.decide;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.api.SpecProblems;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.JobPhase;
import io.cronlog.records.JobSummary;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.schedule.Schedule;
import io.cronlog.schedule.ScheduleException;
import io.cronlog.schedule.UnknownTimeZoneException;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One sync of a ScheduledJob, as the Kubernetes CronJob controller does it (see docs/differences.md
 * for where and why it differs), plus manual runs. Pure: values in, values out.
 */
public final class Decider {

  /**
   * The reason of the Warning Event that reports a run missed past its starting deadline, as
   * Kubernetes names it.
   */
  public static final String MISSED_REASON = "MissSchedule";

  /**
   * How long a Job may be missing from the observed state, or from {@code status.active}, before it
   * counts as missing or unexpected: the watcher sees Jobs and ScheduledJobs through two watches,
   * and either may arrive first.
   */
  public static final Duration OBSERVATION_GRACE = Duration.ofSeconds(90);

  /** Decides what must happen in {@code situation}. */
  public Decision decide(Situation situation) {
    Sync sync = new Sync(situation);
    sync.reconcileJobs();
    List<String> problems = SpecProblems.inState(situation.scheduledJob());
    if (problems.isEmpty()) {
      sync.enforceHistoryLimits();
      sync.schedule();
    } else {
      // What the API server would have refused: no run, no deletion by a limit it cannot hold.
      sync.refuse(problems);
    }
    return sync.finish();
  }

  /** The working state of one decision. */
  private static final class Sync {
    private final Situation situation;
    private final ScheduledJob scheduledJob;
    private final ScheduledJobSpec spec;
    private final ScheduledJobStatus status;
    private final ScheduledJobRef ref;
    private final Instant now;
    private final Commands commands;
    private final StatusDiff statusChange;
    private final Map<String, JobSummary> jobsByUid;
    private final List<ObjectReference> stillActive;
    private Instant recheckAt;

    Sync(Situation situation) {
      this.situation = situation;
      this.scheduledJob = situation.scheduledJob();
      this.spec = scheduledJob.getSpec();
      this.status =
          scheduledJob.getStatus() == null ? new ScheduledJobStatus() : scheduledJob.getStatus();
      this.ref = ScheduledJobRef.of(scheduledJob);
      this.now = situation.now();
      this.commands = new Commands(ref, now);
      this.statusChange = new StatusDiff(status, scheduledJob.getMetadata().getGeneration());
      this.jobsByUid =
          situation.jobs().stream().collect(Collectors.toMap(JobSummary::uid, Function.identity()));
      this.stillActive = new ArrayList<>(status.getActive());
    }

    /**
     * Steps 1 and 2: finished Jobs leave active, missing ones too; successes move
     * lastSuccessfulTime.
     */
    void reconcileJobs() {
      for (JobSummary job : situation.jobs()) {
        boolean inActive =
            stillActive.stream().anyMatch(active -> job.uid().equals(active.getUid()));
        // A Job made by hand has no scheduled time, and an immutable set refuses to look up null.
        boolean pendingRun =
            job.scheduledTime() != null && situation.pendingRuns().contains(job.scheduledTime());
        if (!inActive && !job.finished() && !pendingRun) {
          Instant since = job.creationTime() == null ? now : job.creationTime();
          if (within(since)) {
            recheckAt(since.plus(OBSERVATION_GRACE));
          } else {
            commands.eventAboutJob(
                job.name(),
                job.uid(),
                EventType.Warning,
                "UnexpectedJob",
                "Saw a job that the controller did not create or forgot: " + job.name());
          }
        } else if (inActive && job.finished()) {
          removeActive(job.uid());
          commands.eventAboutJob(
              job.name(),
              job.uid(),
              EventType.Normal,
              "SawCompletedJob",
              "Saw completed job: "
                  + job.name()
                  + ", condition: "
                  + (job.phase() == JobPhase.SUCCEEDED ? "Complete" : "Failed"));
        }
        if (job.phase() == JobPhase.SUCCEEDED && job.completionTime() != null) {
          statusChange.lastSuccessfulAtLeast(job.completionTime());
        }
      }
      for (ObjectReference active : List.copyOf(stillActive)) {
        if (jobsByUid.containsKey(active.getUid())) {
          continue;
        }
        Instant nominal = nominalMinute(active.getName());
        if (nominal != null && within(nominal)) {
          recheckAt(nominal.plus(OBSERVATION_GRACE));
          continue;
        }
        removeActive(active.getUid());
        commands.eventAboutJob(
            active.getName(),
            active.getUid(),
            EventType.Normal,
            "MissingJob",
            "Active job went missing: " + active.getName());
      }
    }

    /** Step 3: delete the oldest finished Jobs beyond the history limits. */
    void enforceHistoryLimits() {
      removeOldest(JobPhase.SUCCEEDED, spec.successfulJobsHistoryLimitOrDefault());
      removeOldest(JobPhase.FAILED, spec.failedJobsHistoryLimitOrDefault());
    }

    /** Steps 4 to 11, then a manual run if one is asked for. */
    void schedule() {
      if (scheduledJob.getMetadata().getDeletionTimestamp() != null) {
        return;
      }
      Optional<RunPlanner> planner = scheduleState();
      boolean pending = planner.map(RunPlanner::scheduledRunPending).orElse(false);
      boolean manualRunStarting = new ManualRun(situation, commands, stillActive).plan(pending);
      planner.ifPresent(p -> p.plan(manualRunStarting));
    }

    /**
     * An invalid spec: Ready=False and one Warning per generation, as for a schedule that does not
     * parse.
     */
    void refuse(List<String> problems) {
      String message = String.join("; ", problems);
      commands.event(EventType.Warning, SpecProblems.REASON, message, "generation-" + generation());
      statusChange.ready(false, SpecProblems.REASON, message);
      statusChange.nextScheduleTime(null);
    }

    /** Step 4: the schedule's condition; the planner of steps 5 to 11 when the schedule can run. */
    private Optional<RunPlanner> scheduleState() {
      Schedule schedule;
      try {
        schedule = Schedule.parse(spec.getSchedule(), spec.getTimeZone());
      } catch (ScheduleException e) {
        if (e instanceof UnknownTimeZoneException || !spec.suspendedOrDefault()) {
          commands.event(
              EventType.Warning, e.eventReason(), e.getMessage(), "generation-" + generation());
          statusChange.ready(false, e.eventReason(), e.getMessage());
        }
        statusChange.nextScheduleTime(null);
        return Optional.empty();
      }
      if (spec.suspendedOrDefault()) {
        statusChange.ready(true, "Suspended", "The schedule is suspended; no new run starts");
        statusChange.nextScheduleTime(null);
        return Optional.empty();
      }
      statusChange.ready(true, "Scheduled", "The schedule is valid");
      return Optional.of(new RunPlanner(situation, schedule, commands, statusChange, stillActive));
    }

    Decision finish() {
      statusChange.removeActive(situation.jobs(), status.getActive(), stillActive);
      statusChange.toCommand(ref, now).ifPresent(commands::add);
      Optional<Instant> wake = statusChange.nextScheduleTimeValue();
      if (recheckAt != null && (wake.isEmpty() || recheckAt.isBefore(wake.get()))) {
        wake = Optional.of(recheckAt);
      }
      // The basis (a digest of the inputs) is worked out only for a decision that commands
      // something.
      return new Decision(
          commands.isEmpty() ? List.of() : commands.all(DecisionInputs.basis(situation)), wake);
    }

    private void removeOldest(JobPhase phase, int limit) {
      List<JobSummary> finished =
          situation.jobs().stream()
              .filter(job -> job.phase() == phase)
              .sorted(OLDEST_FIRST)
              .toList();
      for (int i = 0; i < finished.size() - limit; i++) {
        JobSummary job = finished.get(i);
        commands.add(
            DeleteJob.of(
                ref,
                job.name(),
                job.uid(),
                phase == JobPhase.SUCCEEDED
                    ? "successfulJobsHistoryLimit"
                    : "failedJobsHistoryLimit",
                now));
      }
    }

    private void removeActive(String uid) {
      stillActive.removeIf(active -> uid.equals(active.getUid()));
    }

    private boolean within(Instant since) {
      return now.isBefore(since.plus(OBSERVATION_GRACE));
    }

    private void recheckAt(Instant at) {
      if (recheckAt == null || at.isBefore(recheckAt)) {
        recheckAt = at;
      }
    }

    private long generation() {
      Long generation = scheduledJob.getMetadata().getGeneration();
      return generation == null ? 0 : generation;
    }
  }

  private static final Pattern MANUAL_SUFFIX = Pattern.compile("-m[0-9a-f]{7}$");

  /** The order in which the controller deletes finished Jobs beyond the history limits. */
  static final Comparator<JobSummary> OLDEST_FIRST = JobSummary.OLDEST_FIRST;

  /**
   * The minute a Job name of ours encodes ({@code <name>-<minutes>}, or a manual run's {@code
   * <name>-<minutes>-m<hash>}), or null for another name.
   */
  static Instant nominalMinute(String jobName) {
    if (jobName == null) {
      return null;
    }
    String name = MANUAL_SUFFIX.matcher(jobName).replaceFirst("");
    int dash = name.lastIndexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      return Instant.ofEpochSecond(Long.parseLong(name.substring(dash + 1)) * 60);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
