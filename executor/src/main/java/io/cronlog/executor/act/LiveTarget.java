package io.cronlog.executor.act;

import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * The ScheduledJob a command is for, as the API has it now. A command acts only on the very object
 * it was decided for: one deleted and created again under its name is another ScheduledJob.
 */
final class LiveTarget {

  private LiveTarget() {}

  static ScheduledJob get(KubernetesClient kube, ScheduledJobRef target) {
    return kube.resources(ScheduledJob.class)
        .inNamespace(target.namespace())
        .withName(target.name())
        .get();
  }

  /** Why {@code live} is not the command's target, or empty if it is. */
  static Optional<String> mismatch(ScheduledJob live, ScheduledJobRef target) {
    if (live == null) {
      return Optional.of("ScheduledJob no longer exists");
    }
    String uid = live.getMetadata().getUid();
    if (!target.uid().equals(uid)) {
      return Optional.of(
          "ScheduledJob has uid "
              + uid
              + ", not the command's "
              + target.uid()
              + " (it was deleted and created again)");
    }
    return Optional.empty();
  }

  /**
   * The Jobs {@code owner} controls. Found by cronlog's label, which every Job cronlog makes has,
   * rather than by listing the whole namespace on every check.
   */
  static List<Job> controlledJobs(KubernetesClient kube, ScheduledJob owner) {
    String uid = owner.getMetadata().getUid();
    return kube
        .batch()
        .v1()
        .jobs()
        .inNamespace(owner.getMetadata().getNamespace())
        .withLabel(Runs.SCHEDULED_JOB_LABEL, owner.getMetadata().getName())
        .list()
        .getItems()
        .stream()
        .filter(job -> RunJobs.isControlledBy(job, uid))
        .toList();
  }
}
