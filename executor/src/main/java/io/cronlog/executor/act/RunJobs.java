package io.cronlog.executor.act;

import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CreateJob;
import io.cronlog.records.KubeTimes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Job of a run, built from the live ScheduledJob's template, and facts about Jobs. */
public final class RunJobs {

  private RunJobs() {}

  /**
   * The Job for the run of {@code scheduledJob} at {@code scheduledTime}: its deterministic name,
   * the template's labels, annotations and spec, cronlog's label and annotation, and the controller
   * owner reference.
   */
  public static Job jobFor(ScheduledJob scheduledJob, Instant scheduledTime) {
    return jobFor(scheduledJob, scheduledTime, null);
  }

  /**
   * The Job for {@code command}: a scheduled run's, or a manual run's ({@link #jobFor(ScheduledJob,
   * Instant, String)}).
   */
  public static Job jobFor(ScheduledJob scheduledJob, CreateJob command) {
    return jobFor(scheduledJob, command.scheduledTime(), command.manualTrigger());
  }

  /** The name of the Job {@code command} creates. */
  public static String jobName(ScheduledJob scheduledJob, CreateJob command) {
    String name = scheduledJob.getMetadata().getName();
    return command.manual()
        ? Runs.manualJobName(name, command.scheduledTime(), command.manualTrigger())
        : Runs.jobName(name, command.scheduledTime());
  }

  /**
   * The Job of a run; for a manual run ({@code trigger} not null) named by {@link
   * Runs#manualJobName} and annotated with the trigger value, its scheduled-at being the time it
   * was requested.
   */
  public static Job jobFor(ScheduledJob scheduledJob, Instant scheduledTime, String trigger) {
    ObjectMeta owner = scheduledJob.getMetadata();
    JobTemplateSpec template = scheduledJob.getSpec().getJobTemplate();
    ObjectMeta templateMeta =
        template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    Map<String, String> labels = new LinkedHashMap<>(orEmpty(templateMeta.getLabels()));
    labels.put(Runs.SCHEDULED_JOB_LABEL, owner.getName());
    Map<String, String> annotations = new LinkedHashMap<>(orEmpty(templateMeta.getAnnotations()));
    annotations.put(
        Runs.SCHEDULED_AT_ANNOTATION,
        KubeTimes.format(scheduledTime, KubeTimes.zoneOf(scheduledJob.getSpec().getTimeZone())));
    if (trigger != null) {
      annotations.put(Runs.TRIGGER_ANNOTATION, trigger);
    }
    String name =
        trigger == null
            ? Runs.jobName(owner.getName(), scheduledTime)
            : Runs.manualJobName(owner.getName(), scheduledTime, trigger);
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(owner.getNamespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(controllerReference(scheduledJob))
        .endMetadata()
        // The builder copies the spec, so the Job never shares mutable state with the ScheduledJob
        // it came from.
        .withSpec(template.getSpec())
        .build();
  }

  /** The owner reference that makes {@code scheduledJob} the Job's controller. */
  public static OwnerReference controllerReference(ScheduledJob scheduledJob) {
    return new OwnerReferenceBuilder()
        .withApiVersion(ScheduledJob.API_VERSION)
        .withKind(ScheduledJob.KIND)
        .withName(scheduledJob.getMetadata().getName())
        .withUid(scheduledJob.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** Whether {@code object}'s controller is the object with {@code ownerUid}. */
  public static boolean isControlledBy(HasMetadata object, String ownerUid) {
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    return refs != null
        && refs.stream()
            .anyMatch(
                ref -> Boolean.TRUE.equals(ref.getController()) && ownerUid.equals(ref.getUid()));
  }

  /**
   * Whether the Job has finished: its Complete or Failed condition is True, as the controller reads
   * it.
   */
  public static boolean isFinished(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
  }

  /** The reference to {@code job} kept in {@code status.active}. */
  public static ObjectReference referenceTo(Job job) {
    return new ObjectReferenceBuilder()
        .withApiVersion("batch/v1")
        .withKind("Job")
        .withName(job.getMetadata().getName())
        .withNamespace(job.getMetadata().getNamespace())
        .withUid(job.getMetadata().getUid())
        .withResourceVersion(job.getMetadata().getResourceVersion())
        .build();
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
