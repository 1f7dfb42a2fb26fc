package io.cronlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduledJobTest {

  private static final String CONVERTED_CRONJOB =
      """
      apiVersion: cronlog.io/v1
      kind: ScheduledJob
      metadata:
        name: report
        namespace: team-a
      spec:
        schedule: "30 10,11,12 * * 1-5"
        timeZone: Europe/Berlin
        startingDeadlineSeconds: 200
        concurrencyPolicy: Forbid
        suspend: true
        successfulJobsHistoryLimit: 5
        failedJobsHistoryLimit: 2
        jobTemplate:
          metadata:
            labels: {team: a}
          spec:
            backoffLimit: 2
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                - name: report
                  image: busybox:1.36
                  command: [sh, -c, "date"]
      """;

  @Test
  void readsACronJobWhoseApiVersionAndKindWereChanged() {
    ScheduledJob job = Serialization.unmarshal(CONVERTED_CRONJOB, ScheduledJob.class);

    ScheduledJobSpec spec = job.getSpec();
    assertThat(spec.getSchedule()).isEqualTo("30 10,11,12 * * 1-5");
    assertThat(spec.getTimeZone()).isEqualTo("Europe/Berlin");
    assertThat(spec.getStartingDeadlineSeconds()).isEqualTo(200L);
    assertThat(spec.concurrencyPolicyOrDefault()).isEqualTo(ConcurrencyPolicy.Forbid);
    assertThat(spec.suspendedOrDefault()).isTrue();
    assertThat(spec.successfulJobsHistoryLimitOrDefault()).isEqualTo(5);
    assertThat(spec.failedJobsHistoryLimitOrDefault()).isEqualTo(2);
    assertThat(spec.getJobTemplate().getMetadata().getLabels()).containsEntry("team", "a");
    assertThat(
            spec.getJobTemplate()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo("busybox:1.36");
  }

  @Test
  void unsetFieldsMeanWhatBatchV1DefaultsThemTo() {
    ScheduledJobSpec spec = new ScheduledJobSpec();

    assertThat(spec.concurrencyPolicyOrDefault()).isEqualTo(ConcurrencyPolicy.Allow);
    assertThat(spec.suspendedOrDefault()).isFalse();
    assertThat(spec.successfulJobsHistoryLimitOrDefault()).isEqualTo(3);
    assertThat(spec.failedJobsHistoryLimitOrDefault()).isEqualTo(1);
  }

  @Test
  void survivesASerializationRoundTripWithItsStatus() {
    ScheduledJob job = Serialization.unmarshal(CONVERTED_CRONJOB, ScheduledJob.class);
    job.getStatus().setLastScheduleTime("2026-11-27T10:30:00Z");
    job.getStatus().setObservedGeneration(4L);

    ScheduledJob copy = Serialization.unmarshal(Serialization.asJson(job), ScheduledJob.class);

    assertThat(copy.getSpec()).isEqualTo(job.getSpec());
    assertThat(copy.getStatus()).isEqualTo(job.getStatus());
  }

  @Test
  void namesTheJobOfARunAfterItsScheduledMinute() {
    assertThat(Runs.jobName("hello", Instant.parse("2026-11-27T10:30:00Z")))
        .isEqualTo("hello-29929590");
    assertThat(Runs.jobName("hello", Instant.parse("2026-11-27T10:30:59Z")))
        .isEqualTo("hello-29929590");
  }
}
