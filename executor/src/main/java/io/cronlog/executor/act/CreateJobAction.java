package io.cronlog.executor.act;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.api.SpecProblems;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CreateJob;
import io.cronlog.records.KubeTimes;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.rules.Concurrency;
import io.cronlog.schedule.Schedule;
import io.cronlog.schedule.ScheduleException;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a run: checks the command against the live ScheduledJob (uid, deletion, suspension,
 * schedule or manual trigger, concurrency policy), applies the timing rules at the moment it acts
 * (a scheduled run superseded by a later due time starts that one instead; one past its starting
 * deadline starts nothing and is reported missed), creates the Job from the live template, adopts
 * our own Job on AlreadyExists, then records it in {@code status.active} and {@code
 * status.lastScheduleTime} (a manual run: {@code status.lastTrigger}) off the command's path
 * ({@link RunRecording}): a started run's result is pending until then.
 */
public final class CreateJobAction {

  private static final Logger LOG = LoggerFactory.getLogger(CreateJobAction.class);

  private final KubernetesClient kube;
  private final ScheduledJobCache cache;
  private final FireTimeCheck fireTimes;
  private final StatusQueue status;
  private final RunRecording recording;
  private final EventRecorder events;
  private final JobCreations creations;

  /** Our clock, and the skew allowed on the deadline judgement. */
  private final AllowedSkew skew;

  CreateJobAction(
      KubernetesClient kube,
      ScheduledJobCache cache,
      FireTimeCheck fireTimes,
      StatusQueue status,
      EventRecorder events,
      JobCreations creations,
      AllowedSkew skew) {
    this.kube = kube;
    this.cache = cache;
    this.fireTimes = fireTimes;
    this.status = status;
    this.recording = new RunRecording(status);
    this.events = events;
    this.creations = creations;
    this.skew = skew;
  }

  /** Acts on {@code command}; API failures other than those handled here propagate. */
  public ActionResult act(CreateJob command) {
    ScheduledJobRef target = command.target();
    ScheduledJob live = cachedUnlessRefused(command).orElse(null);
    if (live == null) {
      live = LiveTarget.get(kube, target);
      Optional<String> refusal = refusal(command, live);
      if (refusal.isPresent()) {
        return ActionResult.refused(refusal.get());
      }
    }
    String jobName = RunJobs.jobName(live, command);
    if (command.manual() && alreadyTriggered(live, command)) {
      // lastTrigger is set in the update that records the run: its Job was made, perhaps by an
      // earlier copy of this command decided at another instant (so under another name).
      return ActionResult.of(
          Result.ALREADY_DONE,
          "manual trigger '"
              + command.manualTrigger()
              + "' was already acted upon (status.lastTrigger)");
    }
    if (!command.manual() && alreadyScheduled(live, command.scheduledTime())) {
      // The run, or a later one that superseded it, was started before (its Job may since be gone
      // to the history limit): never again.
      Job existing = getJob(target.namespace(), jobName);
      if (existing == null) {
        String last = live.getStatus().getLastScheduleTime();
        return ActionResult.of(
                Result.ALREADY_DONE,
                "the run at "
                    + command.scheduledTime()
                    + (command.scheduledTime().equals(KubeTimes.parse(last))
                        ? ""
                        : ", or a later one,")
                    + " was already started (lastScheduleTime "
                    + last
                    + ")")
            .aboutJob(jobName, null);
      }
      return adopt(command, live, existing);
    }
    return command.manual() ? start(command, live) : startScheduled(command, live);
  }

  /**
   * The cached ScheduledJob for a scheduled run that it lets start (so it is not judged again). A
   * refusal is always judged on the API's object, so a cache a moment behind (a schedule just
   * changed, a suspension just lifted) refuses nothing it should not; what it can miss is a change
   * made in that moment, which the controller's informer misses alike. A manual run reads the API:
   * it compares its trigger with the status, which a cache a moment behind would not have.
   */
  private Optional<ScheduledJob> cachedUnlessRefused(CreateJob command) {
    return command.manual()
        ? Optional.empty()
        : cache.copyOf(command.target()).filter(cached -> refusal(command, cached).isEmpty());
  }

  /**
   * A scheduled run, judged at this moment as the controller would: the backlog collapses to the
   * most recent due time, and a run past its deadline is missed, however late the command came.
   */
  private ActionResult startScheduled(CreateJob command, ScheduledJob live) {
    RunTiming timing =
        RunTiming.judge(
            schedule(live),
            command.scheduledTime(),
            live.getSpec().getStartingDeadlineSeconds(),
            skew.clock().instant(),
            skew.max());
    if (timing.missed() || timing.superseded()) {
      // An earlier delivery may have made this run's Job and failed to record it (the status
      // write answered 500): that run started, in time, and is adopted rather than judged again.
      // Only late commands pay for this read; an on-time one learns it from AlreadyExists.
      Job own = getJob(command.target().namespace(), RunJobs.jobName(live, command));
      if (own != null) {
        return adopt(command, live, own);
      }
    }
    if (timing.missed()) {
      return missed(command, live, timing.runAt());
    }
    if (!timing.superseded()) {
      return start(command, live);
    }
    // The later run is started as the scheduler would have decided it (same Job name, annotation
    // and status), so that its own command, when it comes, adopts it or finds it done.
    CreateJob later =
        CreateJob.forRun(
            command.target(),
            timing.runAt(),
            RunReason.CATCH_UP,
            command.supersedesAfter(),
            command.time());
    return start(later, live)
        .then(
            started -> {
              if (started.result() != Result.CREATED && started.result() != Result.ADOPTED) {
                return started; // skipped under Forbid, or failed: the command's own outcome
              }
              return new ActionResult(
                  Result.SUPERSEDED,
                  "superseded by " + timing.runAt() + ", due by now; " + started.detail(),
                  false,
                  null,
                  started.jobName(),
                  started.jobUid());
            });
  }

  /**
   * Creates (or adopts) the Job of {@code command}'s run, unless the concurrency policy forbids it.
   */
  private ActionResult start(CreateJob command, ScheduledJob live) {
    ScheduledJobRef target = command.target();
    String jobName = RunJobs.jobName(live, command);
    Optional<String> concurrent = forbidden(command, live);
    if (concurrent.isPresent()) {
      // The rule, not a forgery: the scheduler decided on a state behind the live Jobs (a watcher
      // that lags), so the run is skipped as the controller skips it, in the controller's words.
      events.recordQuietly(
          target,
          command.id() + "/JobAlreadyActive",
          EventType.Normal,
          "JobAlreadyActive",
          "Not starting job because prior execution is running and concurrency policy is Forbid");
      return ActionResult.of(Result.SKIPPED, concurrent.get());
    }
    Job created;
    try {
      created =
          creations.during(
              () ->
                  kube.batch()
                      .v1()
                      .jobs()
                      .inNamespace(target.namespace())
                      .resource(RunJobs.jobFor(live, command))
                      .create());
    } catch (KubernetesClientException e) {
      if (ApiErrors.isAlreadyExists(e)) {
        Job existing = getJob(target.namespace(), jobName);
        if (existing == null) {
          return ActionResult.transientFailure(
                  "Job " + jobName + " existed and then vanished; trying again", null)
              .aboutJob(jobName, null);
        }
        return adopt(command, live, existing);
      }
      ActionResult failure = ApiErrors.failure("creating Job " + jobName, e);
      events.recordQuietly(
          target,
          command.id() + "/FailedCreate",
          EventType.Warning,
          "FailedCreate",
          "Error creating job: " + failure.detail());
      return failure.aboutJob(jobName, null);
    }
    LOG.info(
        "{}/{}: created Job {} for {}",
        target.namespace(),
        target.name(),
        jobName,
        command.scheduledTime());
    return recording.record(
        command,
        live,
        created,
        ActionResult.of(Result.CREATED, "created Job " + jobName)
            .aboutJob(jobName, created.getMetadata().getUid()),
        () -> successfulCreate(command, jobName));
  }

  /**
   * The controller's Normal {@code SuccessfulCreate}, once per command however often it is sent.
   */
  private CompletableFuture<Void> successfulCreate(CreateJob command, String jobName) {
    return events.recordLater(
        command.target(),
        command.id() + "/SuccessfulCreate",
        EventType.Normal,
        "SuccessfulCreate",
        "Created job " + jobName);
  }

  /**
   * The run at {@code missedTime} can no longer start: as the controller does, a Warning {@code
   * MissSchedule} (one per missed time, whichever command found it) and {@code
   * status.lastMissedTime}; {@code lastScheduleTime} stays, so no later time is skipped.
   */
  private ActionResult missed(CreateJob command, ScheduledJob live, Instant missedTime) {
    ScheduledJobRef target = command.target();
    Long deadline = live.getSpec().getStartingDeadlineSeconds();
    LOG.info(
        "{}/{}: missed the run at {} (startingDeadlineSeconds {}, commanded for {})",
        target.namespace(),
        target.name(),
        missedTime,
        deadline,
        command.scheduledTime());
    status.update(target, live, s -> StatusEdits.advanceLastMissedTime(s, missedTime));
    events.recordQuietly(
        target,
        target.uid() + "/MissSchedule/" + missedTime,
        EventType.Warning,
        "MissSchedule",
        "Missed scheduled time to start a job: "
            + missedTime
            + " (startingDeadlineSeconds passed)");
    String about =
        missedTime.equals(command.scheduledTime())
            ? ""
            : " (the most recent due time, which supersedes " + command.scheduledTime() + ")";
    return ActionResult.of(
        Result.MISSED,
        "the run at "
            + missedTime
            + about
            + " is past its startingDeadlineSeconds ("
            + deadline
            + "s, plus "
            + skew.max()
            + " allowed clock skew) at "
            + skew.clock().instant());
  }

  private static Schedule schedule(ScheduledJob live) {
    try {
      return Schedule.parse(live.getSpec().getSchedule(), live.getSpec().getTimeZone());
    } catch (ScheduleException e) {
      // refusal() has read this schedule already: it parsed then.
      throw new IllegalStateException("the schedule parsed a moment ago", e);
    }
  }

  private Optional<String> refusal(CreateJob command, ScheduledJob live) {
    Optional<String> mismatch = LiveTarget.mismatch(live, command.target());
    if (mismatch.isPresent()) {
      return mismatch;
    }
    if (live.getMetadata().getDeletionTimestamp() != null) {
      return Optional.of("ScheduledJob is being deleted");
    }
    // The scheduler makes no run of an invalid ScheduledJob; a command that says otherwise is
    // refused here rather than failing on the missing parts every time it is redelivered.
    List<String> problems = SpecProblems.of(live);
    if (!problems.isEmpty()) {
      return Optional.of("ScheduledJob is invalid: " + String.join("; ", problems));
    }
    if (command.manual()) {
      Map<String, String> annotations = live.getMetadata().getAnnotations();
      String trigger = annotations == null ? null : annotations.get(Runs.TRIGGER_ANNOTATION);
      return Objects.equals(trigger, command.manualTrigger())
          ? Optional.empty()
          : Optional.of(
              "manual trigger '"
                  + command.manualTrigger()
                  + "' is not the ScheduledJob's "
                  + Runs.TRIGGER_ANNOTATION
                  + " annotation ('"
                  + trigger
                  + "')");
    }
    // As the controller does: a suspended schedule starts nothing; a manual run still may.
    if (live.getSpec().suspendedOrDefault()) {
      return Optional.of("ScheduledJob is suspended");
    }
    return fireTimes.refusal(live, command.scheduledTime());
  }

  /**
   * Under {@code Forbid} no run starts while another Job of the ScheduledJob runs; the scheduler
   * never asks for one, so a command that does was not decided by the rules. The command's own Job,
   * made by an earlier delivery, is not another run.
   */
  private Optional<String> forbidden(CreateJob command, ScheduledJob live) {
    ConcurrencyPolicy policy = live.getSpec().concurrencyPolicyOrDefault();
    if (policy == ConcurrencyPolicy.Allow) {
      return Optional.empty(); // spares the list of Jobs
    }
    String ownName = RunJobs.jobName(live, command);
    Optional<Job> running =
        LiveTarget.controlledJobs(kube, live).stream()
            .filter(
                job ->
                    !job.getMetadata().getName().equals(ownName)
                        && !RunJobs.isFinished(job)
                        && job.getMetadata().getDeletionTimestamp() == null)
            .findFirst();
    // Under Replace the scheduler deletes the running Jobs first; the executor does not.
    return Concurrency.verdict(policy, running.isPresent()) != Concurrency.Verdict.SKIP
        ? Optional.empty()
        : running.map(
            job ->
                "Job "
                    + job.getMetadata().getName()
                    + " is running and concurrencyPolicy is Forbid");
  }

  private ActionResult adopt(CreateJob command, ScheduledJob live, Job existing) {
    ScheduledJobRef target = command.target();
    String name = existing.getMetadata().getName();
    if (!RunJobs.isControlledBy(existing, target.uid())) {
      LOG.warn(
          "{}/{}: Job {} exists and is controlled by someone else; leaving it",
          target.namespace(),
          target.name(),
          name);
      return ActionResult.refused("a Job of that name (" + name + ") is controlled by someone else")
          .aboutJob(name, existing.getMetadata().getUid());
    }
    LOG.info(
        "{}/{}: adopting existing Job {} for {}",
        target.namespace(),
        target.name(),
        name,
        command.scheduledTime());
    // A run not recorded yet lacks its Event too (it follows the status write); a recorded one
    // whose maker stopped before the Event went is left without it, as a failed Event is.
    boolean recorded =
        command.manual()
            ? alreadyTriggered(live, command)
            : alreadyScheduled(live, command.scheduledTime());
    return recording.record(
        command,
        live,
        existing,
        ActionResult.of(Result.ADOPTED, "Job " + name + " already existed and is ours")
            .aboutJob(name, existing.getMetadata().getUid()),
        recorded ? null : () -> successfulCreate(command, name));
  }

  /** Whether {@code status.lastTrigger} says the manual run of {@code command} was recorded. */
  private static boolean alreadyTriggered(ScheduledJob live, CreateJob command) {
    return command
        .manualTrigger()
        .equals(live.getStatus() == null ? null : live.getStatus().getLastTrigger());
  }

  private static boolean alreadyScheduled(ScheduledJob live, Instant scheduledTime) {
    Instant last =
        live.getStatus() == null ? null : KubeTimes.parse(live.getStatus().getLastScheduleTime());
    return last != null && !last.isBefore(scheduledTime);
  }

  private Job getJob(String namespace, String name) {
    return kube.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }
}
