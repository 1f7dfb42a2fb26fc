package io.cronlog.scheduler.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.scheduler.StateTopic;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownScheduledJobTest {

  static final Instant NOW = Instant.parse("2026-03-02T10:00:30Z");
  static final Instant T1 = Instant.parse("2026-03-02T09:59:00Z");
  static final Instant T2 = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void restoredCreateJobIsPendingAndPublishedWhileTheStateDoesNotShowIt() {
    KnownScheduledJob tracked = new KnownScheduledJob(state(T1), 0);

    tracked.restored("create-t2", T2, NOW.minusSeconds(20));

    assertThat(tracked.pendingRuns(NOW)).containsExactly(T2);
    assertThat(tracked.alreadyPublished("create-t2")).isTrue();
  }

  @Test
  void restoredCreateJobTheStateAlreadyShowsIsNotPending() {
    KnownScheduledJob tracked = new KnownScheduledJob(state(T2), 0);

    tracked.restored("create-t1", T1, NOW.minusSeconds(80));
    tracked.restored("create-t2", T2, NOW.minusSeconds(20));

    assertThat(tracked.pendingRuns(NOW)).isEmpty();
    assertThat(tracked.alreadyPublished("create-t1")).isTrue();
  }

  @Test
  void restoredRunOlderThanThePendingLifetimeStopsCounting() {
    KnownScheduledJob tracked = new KnownScheduledJob(state(null), 0);

    tracked.restored(
        "create-t1", T1, NOW.minus(KnownScheduledJob.PENDING_LIFETIME).minusSeconds(1));

    assertThat(tracked.pendingRuns(NOW)).isEmpty();
  }

  @Test
  void unpublishedCommandIsForgottenSoItIsDecidedAgain() {
    KnownScheduledJob tracked = new KnownScheduledJob(state(T1), 0);
    tracked.published("create-t2");
    tracked.runStarted(T2, NOW);

    tracked.unpublished("create-t2", T2);

    assertThat(tracked.alreadyPublished("create-t2")).isFalse();
    assertThat(tracked.pendingRuns(NOW)).isEmpty();
  }

  @Test
  void aRunTheStateShowsAsMissedStopsBeingPending() {
    KnownScheduledJob tracked = new KnownScheduledJob(state(T1), 0);
    tracked.runStarted(T2, NOW);

    ScheduledJobState missed = state(T1);
    missed.scheduledJob().getStatus().setLastMissedTime(T2.toString());
    tracked.update(missed);

    assertThat(tracked.pendingRuns(NOW)).isEmpty();
  }

  @Test
  void aRunAfterTheLastMissedTimeStaysPending() {
    KnownScheduledJob tracked = new KnownScheduledJob(state(null), 0);
    tracked.runStarted(T2, NOW);

    ScheduledJobState missed = state(null);
    missed.scheduledJob().getStatus().setLastMissedTime(T1.toString());
    tracked.update(missed);
    tracked.restored("create-t1", T1, NOW);

    assertThat(tracked.pendingRuns(NOW)).containsExactly(T2);
  }

  private static ScheduledJobState state(Instant lastScheduleTime) {
    ScheduledJob sj =
        StateTopic.scheduledJob("report", "* * * * *", Instant.parse("2026-03-01T00:00:00Z"));
    sj.getStatus()
        .setLastScheduleTime(lastScheduleTime == null ? null : lastScheduleTime.toString());
    return new ScheduledJobState(CronlogRecord.SCHEMA_VERSION, "s", NOW, sj, List.of(), null);
  }
}
