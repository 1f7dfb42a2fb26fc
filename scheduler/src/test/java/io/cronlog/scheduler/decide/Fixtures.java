package io.cronlog.scheduler.decide;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.records.JobPhase;
import io.cronlog.records.JobSummary;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import java.time.Instant;

/** Small builders for decision tests. */
final class Fixtures {

  static final String NAME = "report";

  private Fixtures() {}

  static ScheduledJob scheduledJob(String schedule, String createdAt) {
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team-a")
            .withName(NAME)
            .withUid("sj-uid")
            .withGeneration(1L)
            .withCreationTimestamp(createdAt)
            .build());
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule(schedule);
    spec.setConcurrencyPolicy(ConcurrencyPolicy.Allow);
    spec.setJobTemplate(
        new JobTemplateSpecBuilder()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withImage("busybox:1.36")
            .endContainer()
            .withRestartPolicy("Never")
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    sj.setSpec(spec);
    sj.setStatus(new ScheduledJobStatus());
    return sj;
  }

  static Instant at(String rfc3339) {
    return Instant.parse(rfc3339);
  }

  /** A Job of ours for the run at {@code scheduled}, in the given phase. */
  static JobSummary job(String scheduled, JobPhase phase) {
    Instant t = at(scheduled);
    return new JobSummary(
        Runs.jobName(NAME, t),
        "uid-" + t.getEpochSecond(),
        "1",
        t,
        t,
        t,
        phase == JobPhase.ACTIVE ? null : t.plusSeconds(30),
        phase);
  }

  static void markActive(ScheduledJob sj, JobSummary job) {
    sj.getStatus()
        .getActive()
        .add(
            new ObjectReferenceBuilder()
                .withApiVersion("batch/v1")
                .withKind("Job")
                .withNamespace("team-a")
                .withName(job.name())
                .withUid(job.uid())
                .build());
  }
}
