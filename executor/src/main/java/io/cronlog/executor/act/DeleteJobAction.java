package io.cronlog.executor.act;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes one Job of a ScheduledJob with background propagation, but only the Job the command names
 * by uid, only while the live ScheduledJob controls it, and only as the rules allow ({@link
 * DeletionRules}); then takes it out of {@code active}.
 */
public final class DeleteJobAction {

  private static final Logger LOG = LoggerFactory.getLogger(DeleteJobAction.class);

  private final KubernetesClient kube;
  private final StatusQueue status;
  private final EventRecorder events;
  private final DeletionRules rules;

  DeleteJobAction(
      KubernetesClient kube, StatusQueue status, EventRecorder events, DeletionRules rules) {
    this.kube = kube;
    this.status = status;
    this.events = events;
    this.rules = rules;
  }

  /** Acts on {@code command}; API failures other than those handled here propagate. */
  public ActionResult act(DeleteJob command) {
    ScheduledJobRef target = command.target();
    Job job =
        kube.batch().v1().jobs().inNamespace(target.namespace()).withName(command.jobName()).get();
    if (job == null) {
      forgetActive(command);
      return ActionResult.of(Result.ALREADY_DONE, "Job " + command.jobName() + " does not exist")
          .aboutJob(command.jobName(), command.jobUid());
    }
    String uid = job.getMetadata().getUid();
    if (!command.jobUid().equals(uid)) {
      return ActionResult.refused(
              "Job "
                  + command.jobName()
                  + " has uid "
                  + uid
                  + ", not the command's "
                  + command.jobUid()
                  + " (it is another Job of the same name)")
          .aboutJob(command.jobName(), uid);
    }
    if (!RunJobs.isControlledBy(job, target.uid())) {
      return ActionResult.refused(
              "Job "
                  + command.jobName()
                  + " is not controlled by ScheduledJob "
                  + target.namespace()
                  + "/"
                  + target.name()
                  + " with uid "
                  + target.uid())
          .aboutJob(command.jobName(), uid);
    }
    ScheduledJob owner = LiveTarget.get(kube, target);
    Optional<String> refusal =
        LiveTarget.mismatch(owner, target)
            .or(() -> rules.refusal(owner, job, LiveTarget.controlledJobs(kube, owner)));
    if (refusal.isPresent()) {
      return ActionResult.refused(refusal.get()).aboutJob(command.jobName(), uid);
    }
    List<StatusDetails> deleted =
        kube.batch()
            .v1()
            .jobs()
            .inNamespace(target.namespace())
            .withName(command.jobName())
            .withPropagationPolicy(DeletionPropagation.BACKGROUND)
            .delete();
    forgetActive(command);
    if (deleted.isEmpty()) {
      return ActionResult.of(
              Result.ALREADY_DONE, "Job " + command.jobName() + " was deleted meanwhile")
          .aboutJob(command.jobName(), uid);
    }
    LOG.info(
        "{}/{}: deleted Job {} ({})",
        target.namespace(),
        target.name(),
        command.jobName(),
        command.reason());
    events.recordQuietly(
        target,
        command.id() + "/SuccessfulDelete",
        EventType.Normal,
        "SuccessfulDelete",
        "Deleted job " + command.jobName());
    return ActionResult.of(Result.DELETED, "deleted Job " + command.jobName())
        .aboutJob(command.jobName(), uid);
  }

  private void forgetActive(DeleteJob command) {
    status.update(
        command.target(),
        null,
        s -> StatusEdits.removeActive(s, List.of(command.jobUid()), Set.of()));
  }
}
