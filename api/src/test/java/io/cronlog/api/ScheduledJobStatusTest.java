package io.cronlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduledJobStatusTest {

  @Test
  void aDeepCopyHasEveryFieldOfTheStatus() throws IllegalAccessException {
    ScheduledJobStatus status = everyFieldSet();

    // Every field is set, so a field added to the status and not to deepCopy fails here.
    for (Field field : ScheduledJobStatus.class.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers())) {
        field.setAccessible(true);
        Object value = field.get(status);
        assertThat(value).as(field.getName()).isNotNull();
        if (value instanceof List<?> list) {
          assertThat(list).as(field.getName()).isNotEmpty();
        }
      }
    }
    assertThat(Serialization.asJson(status.deepCopy())).isEqualTo(Serialization.asJson(status));
  }

  @Test
  void editsToTheCopyLeaveTheStatusAsItWas() {
    ScheduledJobStatus status = everyFieldSet();
    String before = Serialization.asJson(status);

    ScheduledJobStatus copy = status.deepCopy();
    copy.getActive().get(0).setName("other-job");
    copy.getActive().add(new ObjectReferenceBuilder().withName("added").build());
    copy.getConditions().get(0).setStatus("False");
    copy.setLastScheduleTime("2026-12-06T18:00:00Z");

    assertThat(Serialization.asJson(status)).isEqualTo(before);
  }

  private static ScheduledJobStatus everyFieldSet() {
    ScheduledJobStatus status = new ScheduledJobStatus();
    status.setActive(
        new ArrayList<>(
            List.of(
                new ObjectReferenceBuilder()
                    .withApiVersion("batch/v1")
                    .withKind("Job")
                    .withName("report-29420160")
                    .withNamespace("team-a")
                    .withUid("job-uid")
                    .withResourceVersion("42")
                    .build())));
    status.setLastScheduleTime("2026-12-06T17:00:00Z");
    status.setLastSuccessfulTime("2026-12-06T16:01:00Z");
    status.setNextScheduleTime("2026-12-06T18:00:00Z");
    status.setLastMissedTime("2026-12-06T15:00:00Z");
    status.setLastTrigger("run-1");
    status.setObservedGeneration(3L);
    status.setConditions(
        new ArrayList<>(
            List.of(
                new ConditionBuilder()
                    .withType("Ready")
                    .withStatus("True")
                    .withReason("Scheduled")
                    .withMessage("next run at 18:00")
                    .withLastTransitionTime("2026-12-06T12:00:00Z")
                    .withObservedGeneration(3L)
                    .build())));
    return status;
  }
}
