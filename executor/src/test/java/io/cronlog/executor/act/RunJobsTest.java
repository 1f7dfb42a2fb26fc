package io.cronlog.executor.act;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ScheduledJob;
import io.cronlog.executor.MockApi;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunJobsTest {

  static final Instant FIRE = Instant.parse("2024-07-01T08:30:00Z");

  private static ScheduledJob live(String timeZone) {
    ScheduledJob sj = MockApi.scheduledJob("team-a", "report", "30 * * * *", timeZone);
    sj.getMetadata().setUid("uid-123");
    return sj;
  }

  @Test
  void namesTheJobAfterTheScheduledJobAndTheMinute() {
    Job job = RunJobs.jobFor(live(null), FIRE);

    assertThat(job.getMetadata().getName()).isEqualTo("report-" + FIRE.getEpochSecond() / 60);
    assertThat(job.getMetadata().getNamespace()).isEqualTo("team-a");
  }

  @Test
  void makesTheScheduledJobTheJobsController() {
    Job job = RunJobs.jobFor(live(null), FIRE);

    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getApiVersion()).isEqualTo("cronlog.io/v1");
              assertThat(owner.getKind()).isEqualTo("ScheduledJob");
              assertThat(owner.getName()).isEqualTo("report");
              assertThat(owner.getUid()).isEqualTo("uid-123");
              assertThat(owner.getController()).isTrue();
              assertThat(owner.getBlockOwnerDeletion()).isTrue();
            });
    assertThat(RunJobs.isControlledBy(job, "uid-123")).isTrue();
    assertThat(RunJobs.isControlledBy(job, "uid-other")).isFalse();
  }

  @Test
  void keepsTheTemplatesLabelsAndAnnotationsAndAddsCronlogs() {
    Job job = RunJobs.jobFor(live(null), FIRE);

    assertThat(job.getMetadata().getLabels())
        .containsEntry("team", "billing")
        .containsEntry("cronlog.io/scheduled-job", "report");
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry("note", "from template")
        .containsEntry("cronlog.io/scheduled-at", "2024-07-01T08:30:00Z");
  }

  @Test
  void writesTheScheduledTimeInTheScheduledJobsZone() {
    Job job = RunJobs.jobFor(live("Europe/Paris"), FIRE);

    assertThat(job.getMetadata().getAnnotations())
        .containsEntry("cronlog.io/scheduled-at", "2024-07-01T10:30:00+02:00");
  }

  @Test
  void copiesTheTemplatesSpecWithoutSharingIt() {
    ScheduledJob sj = live(null);
    Job job = RunJobs.jobFor(sj, FIRE);

    assertThat(job.getSpec()).isEqualTo(sj.getSpec().getJobTemplate().getSpec());
    job.getSpec().setBackoffLimit(9);
    job.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("changed");
    assertThat(sj.getSpec().getJobTemplate().getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(sj.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers())
        .allSatisfy(container -> assertThat(container.getImage()).isNotEqualTo("changed"));
  }
}
