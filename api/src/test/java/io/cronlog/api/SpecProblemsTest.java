package io.cronlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import org.junit.jupiter.api.Test;

class SpecProblemsTest {

  @Test
  void aCompleteScheduledJobHasNone() {
    assertThat(SpecProblems.of(valid("report"))).isEmpty();
  }

  @Test
  void aNameOf52IsAcceptedAnd53IsNot() {
    assertThat(SpecProblems.of(valid("a".repeat(52)))).isEmpty();
    assertThat(SpecProblems.of(valid("a".repeat(53))))
        .containsExactly(
            "metadata.name: Invalid value: \""
                + "a".repeat(53)
                + "\": must be no more than 52 characters");
  }

  @Test
  void aTemplateWithoutContainersIsReportedAtTheField() {
    ScheduledJob sj = valid("report");
    sj.getSpec().setJobTemplate(new JobTemplateSpecBuilder().withNewSpec().endSpec().build());

    assertThat(SpecProblems.of(sj))
        .containsExactly("spec.jobTemplate.spec.template.spec.containers: Required value");
  }

  @Test
  void everyNegativeNumberIsReportedNotOnlyTheFirst() {
    ScheduledJob sj = valid("report");
    sj.getSpec().setStartingDeadlineSeconds(-1L);
    sj.getSpec().setSuccessfulJobsHistoryLimit(-2);
    sj.getSpec().setFailedJobsHistoryLimit(-3);

    assertThat(SpecProblems.of(sj))
        .containsExactly(
            "spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0",
            "spec.successfulJobsHistoryLimit: Invalid value: -2: must be greater than or equal to 0",
            "spec.failedJobsHistoryLimit: Invalid value: -3: must be greater than or equal to 0");
  }

  @Test
  void zeroLimitsAndDeadlineAreValid() {
    ScheduledJob sj = valid("report");
    sj.getSpec().setStartingDeadlineSeconds(0L);
    sj.getSpec().setSuccessfulJobsHistoryLimit(0);
    sj.getSpec().setFailedJobsHistoryLimit(0);

    assertThat(SpecProblems.of(sj)).isEmpty();
  }

  private static ScheduledJob valid(String name) {
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(new ObjectMetaBuilder().withNamespace("team-a").withName(name).build());
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule("* * * * *");
    spec.setJobTemplate(
        new JobTemplateSpecBuilder()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withImage("busybox:1.36")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    sj.setSpec(spec);
    return sj;
  }
}
