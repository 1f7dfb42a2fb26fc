package io.cronlog.executor.act;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.api.SpecProblems;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CreateJob;
import io.cronlog.records.KubeTimes;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a run: checks the command against the live ScheduledJob (uid, deletion, suspension,
 * schedule or manual trigger, concurrency policy), creates the Job from the live template, adopts our own Job on
 * AlreadyExists, then records it in {@code status.active} and {@code status.lastScheduleTime}
 * (a manual run: {@code status.lastTrigger}).
 */
public final class CreateJobAction {

  private static final Logger LOG = LoggerFactory.getLogger(CreateJobAction.class);

  private final KubernetesClient kube;
  private final FireTimeCheck fireTimes;
  private final StatusWriter status;
  private final EventRecorder events;

  public CreateJobAction(KubernetesClient kube, FireTimeCheck fireTimes, StatusWriter status, EventRecorder events) {
    this.kube = kube;
    this.fireTimes = fireTimes;
    this.status = status;
    this.events = events;
  }

  /** Acts on {@code command}; API failures other than those handled here propagate. */
  public ActionResult act(CreateJob command) {
    ScheduledJobRef target = command.target();
    ScheduledJob live = LiveTarget.get(kube, target);
    Optional<String> refusal = refusal(command, live);
    if (refusal.isPresent()) {
      return ActionResult.refused(refusal.get());
    }
    String jobName = RunJobs.jobName(live, command);
    if (command.manual() && command.manualTrigger().equals(live.getStatus() == null ? null
        : live.getStatus().getLastTrigger())) {
      // lastTrigger is set in the update that records the run: its Job was made, perhaps by an
      // earlier copy of this command decided at another instant (so under another name).
      return ActionResult.of(Result.ALREADY_DONE, "manual trigger '" + command.manualTrigger()
          + "' was already acted upon (status.lastTrigger)");
    }
    if (!command.manual() && alreadyScheduled(live, command.scheduledTime())) {
      // The run was started before (its Job may since be gone to the history limit): never again.
      Job existing = getJob(target.namespace(), jobName);
      if (existing == null) {
        return ActionResult.of(Result.ALREADY_DONE, "the run at " + command.scheduledTime()
            + " was already started (lastScheduleTime " + live.getStatus().getLastScheduleTime() + ")")
            .aboutJob(jobName, null);
      }
      return adopt(command, live, existing);
    }
    Optional<String> concurrent = forbidden(command, live);
    if (concurrent.isPresent()) {
      return ActionResult.refused(concurrent.get());
    }
    Job created;
    try {
      created = kube.batch().v1().jobs().inNamespace(target.namespace())
          .resource(RunJobs.jobFor(live, command)).create();
    } catch (KubernetesClientException e) {
      if (ApiErrors.isAlreadyExists(e)) {
        Job existing = getJob(target.namespace(), jobName);
        if (existing == null) {
          return ActionResult.transientFailure("Job " + jobName + " existed and then vanished; trying again", null)
              .aboutJob(jobName, null);
        }
        return adopt(command, live, existing);
      }
      ActionResult failure = ApiErrors.failure("creating Job " + jobName, e);
      events.recordQuietly(target, command.id() + "/FailedCreate", EventType.Warning, "FailedCreate",
          "Error creating job: " + failure.detail());
      return failure.aboutJob(jobName, null);
    }
    LOG.info("{}/{}: created Job {} for {}", target.namespace(), target.name(), jobName, command.scheduledTime());
    recordRun(command, live, created);
    events.recordQuietly(target, command.id() + "/SuccessfulCreate", EventType.Normal, "SuccessfulCreate",
        "Created job " + jobName);
    return ActionResult.of(Result.CREATED, "created Job " + jobName)
        .aboutJob(jobName, created.getMetadata().getUid());
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
      return Objects.equals(trigger, command.manualTrigger()) ? Optional.empty()
          : Optional.of("manual trigger '" + command.manualTrigger() + "' is not the ScheduledJob's "
              + Runs.TRIGGER_ANNOTATION + " annotation ('" + trigger + "')");
    }
    // As the controller does: a suspended schedule starts nothing; a manual run still may.
    if (live.getSpec().suspendedOrDefault()) {
      return Optional.of("ScheduledJob is suspended");
    }
    return fireTimes.refusal(live, command.scheduledTime());
  }

  /**
   * Under {@code Forbid} no run starts while another Job of the ScheduledJob runs; the scheduler
   * never asks for one, so a command that does was not decided by the rules. The command's own
   * Job, made by an earlier delivery, is not another run.
   */
  private Optional<String> forbidden(CreateJob command, ScheduledJob live) {
    if (live.getSpec().concurrencyPolicyOrDefault() != ConcurrencyPolicy.Forbid) {
      return Optional.empty();
    }
    String ownName = RunJobs.jobName(live, command);
    return LiveTarget.controlledJobs(kube, live).stream()
        .filter(job -> !job.getMetadata().getName().equals(ownName) && !RunJobs.isFinished(job)
            && job.getMetadata().getDeletionTimestamp() == null)
        .findFirst()
        .map(job -> "Job " + job.getMetadata().getName() + " is running and concurrencyPolicy is Forbid");
  }

  private ActionResult adopt(CreateJob command, ScheduledJob live, Job existing) {
    ScheduledJobRef target = command.target();
    String name = existing.getMetadata().getName();
    if (!RunJobs.isControlledBy(existing, target.uid())) {
      LOG.warn("{}/{}: Job {} exists and is controlled by someone else; leaving it", target.namespace(),
          target.name(), name);
      return ActionResult.refused("a Job of that name (" + name + ") is controlled by someone else")
          .aboutJob(name, existing.getMetadata().getUid());
    }
    recordRun(command, live, existing);
    LOG.info("{}/{}: adopted existing Job {} for {}", target.namespace(), target.name(), name, command.scheduledTime());
    return ActionResult.of(Result.ADOPTED, "Job " + name + " already existed and is ours")
        .aboutJob(name, existing.getMetadata().getUid());
  }

  /**
   * Puts the Job in {@code active} (unless it has finished) and, in the same update, moves
   * {@code lastScheduleTime} for a scheduled run or sets {@code lastTrigger} for a manual one:
   * a manual run must not move the schedule's clock (an {@code @every} counts from it).
   */
  private void recordRun(CreateJob command, ScheduledJob live, Job job) {
    boolean finished = RunJobs.isFinished(job);
    status.update(command.target(), live, s -> {
      boolean added = !finished && StatusEdits.addActive(s, RunJobs.referenceTo(job));
      boolean moved = command.manual() ? StatusEdits.setLastTrigger(s, command.manualTrigger())
          : StatusEdits.advanceLastScheduleTime(s, command.scheduledTime());
      return added | moved;
    });
  }

  private static boolean alreadyScheduled(ScheduledJob live, Instant scheduledTime) {
    Instant last = live.getStatus() == null ? null : KubeTimes.parse(live.getStatus().getLastScheduleTime());
    return last != null && !last.isBefore(scheduledTime);
  }

  private Job getJob(String namespace, String name) {
    return kube.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }
}
