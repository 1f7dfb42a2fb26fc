package io.cronlog.executor.act;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ScheduledJobStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusEditsTest {

  static final Instant T1 = Instant.parse("2024-03-01T10:00:00Z");
  static final Instant T2 = Instant.parse("2024-03-01T11:00:00Z");

  @Test
  void timesOnlyMoveForward() {
    ScheduledJobStatus status = new ScheduledJobStatus();

    assertThat(StatusEdits.advanceLastScheduleTime(status, T2)).isTrue();
    assertThat(StatusEdits.advanceLastScheduleTime(status, T1)).isFalse();
    assertThat(StatusEdits.advanceLastScheduleTime(status, T2)).isFalse();
    assertThat(StatusEdits.advanceLastSuccessfulTime(status, T2)).isTrue();
    assertThat(StatusEdits.advanceLastSuccessfulTime(status, T1)).isFalse();
    assertThat(StatusEdits.advanceLastMissedTime(status, T1)).isTrue();
    assertThat(StatusEdits.advanceLastMissedTime(status, null)).isFalse();

    assertThat(status.getLastScheduleTime()).isEqualTo("2024-03-01T11:00:00Z");
    assertThat(status.getLastSuccessfulTime()).isEqualTo("2024-03-01T11:00:00Z");
    assertThat(status.getLastMissedTime()).isEqualTo("2024-03-01T10:00:00Z");
  }

  @Test
  void writesTimesInWholeSeconds() {
    ScheduledJobStatus status = new ScheduledJobStatus();

    StatusEdits.advanceLastScheduleTime(status, Instant.parse("2024-03-01T10:00:00.750Z"));

    assertThat(status.getLastScheduleTime()).isEqualTo("2024-03-01T10:00:00Z");
  }

  @Test
  void observedGenerationOnlyGrows() {
    ScheduledJobStatus status = new ScheduledJobStatus();

    assertThat(StatusEdits.advanceObservedGeneration(status, 3L)).isTrue();
    assertThat(StatusEdits.advanceObservedGeneration(status, 2L)).isFalse();
    assertThat(status.getObservedGeneration()).isEqualTo(3L);
  }

  @Test
  void nextScheduleTimeIsSetEitherWayOrCleared() {
    ScheduledJobStatus status = new ScheduledJobStatus();

    assertThat(StatusEdits.setNextScheduleTime(status, T2, false)).isTrue();
    assertThat(StatusEdits.setNextScheduleTime(status, T1, false)).isTrue();
    assertThat(status.getNextScheduleTime()).isEqualTo("2024-03-01T10:00:00Z");
    assertThat(StatusEdits.setNextScheduleTime(status, null, true)).isTrue();
    assertThat(status.getNextScheduleTime()).isNull();
    assertThat(StatusEdits.setNextScheduleTime(status, null, true)).isFalse();
  }

  @Test
  void activeJobsAreAddedOnceAndRemovedByUidUnlessKept() {
    ScheduledJobStatus status = new ScheduledJobStatus();
    var a = new ObjectReferenceBuilder().withName("a").withUid("uid-a").build();
    var b = new ObjectReferenceBuilder().withName("b").withUid("uid-b").build();

    assertThat(StatusEdits.addActive(status, a)).isTrue();
    assertThat(StatusEdits.addActive(status, b)).isTrue();
    assertThat(StatusEdits.addActive(status, a)).isFalse();
    assertThat(StatusEdits.removeActive(status, List.of("uid-a", "uid-b"), Set.of("uid-b")))
        .isTrue();
    assertThat(status.getActive()).extracting("name").containsExactly("b");
    assertThat(StatusEdits.removeActive(status, List.of("uid-a"), Set.of())).isFalse();
  }

  @Test
  void conditionTransitionTimeMovesOnlyWhenItsStatusChanges() {
    ScheduledJobStatus status = new ScheduledJobStatus();
    Condition ready =
        new ConditionBuilder().withType("Ready").withStatus("True").withReason("Scheduled").build();

    assertThat(StatusEdits.setCondition(status, ready, T1)).isTrue();
    Condition sameStatusNewReason =
        new ConditionBuilder(ready).withReason("StillScheduled").build();
    assertThat(StatusEdits.setCondition(status, sameStatusNewReason, T2)).isTrue();
    assertThat(status.getConditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getReason()).isEqualTo("StillScheduled");
              assertThat(c.getLastTransitionTime()).isEqualTo("2024-03-01T10:00:00Z");
            });
    assertThat(StatusEdits.setCondition(status, sameStatusNewReason, T2)).isFalse();

    Condition notReady =
        new ConditionBuilder()
            .withType("Ready")
            .withStatus("False")
            .withReason("UnparseableSchedule")
            .build();
    assertThat(StatusEdits.setCondition(status, notReady, T2)).isTrue();
    assertThat(status.getConditions())
        .singleElement()
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2024-03-01T11:00:00Z"));
  }
}
