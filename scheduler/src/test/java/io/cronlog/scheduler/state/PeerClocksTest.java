package io.cronlog.scheduler.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.records.CreateJob;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PeerClocksTest {

  static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");
  static final ScheduledJobRef REF = new ScheduledJobRef("team-a", "report", "uid-1");

  private static CreateJob runDecidedAt(Instant t) {
    return CreateJob.forRun(REF, t, RunReason.SCHEDULED, null, t);
  }

  @Test
  void takesARunFromAPeerWhoseClockIsAheadByNoMoreThanTheAllowedSkew() {
    CreateJob twoMinutesAhead = runDecidedAt(NOW.plus(Duration.ofMinutes(2)));

    assertThat(
            new PeerClocks(Duration.ofMinutes(3))
                .couldHavePublished(twoMinutesAhead, twoMinutesAhead.scheduledTime(), NOW))
        .isTrue();
    assertThat(
            new PeerClocks(Duration.ofMinutes(1))
                .couldHavePublished(twoMinutesAhead, twoMinutesAhead.scheduledTime(), NOW))
        .isFalse();
  }

  @Test
  void neverTakesARunLaterThanItsOwnPublication() {
    CreateJob early = CreateJob.forRun(REF, NOW.plusSeconds(30), RunReason.SCHEDULED, null, NOW);

    assertThat(
            new PeerClocks(Duration.ofMinutes(1))
                .couldHavePublished(early, early.scheduledTime(), NOW))
        .isFalse();
    assertThat(new PeerClocks(Duration.ofMinutes(1)).couldHavePublished(early, null, NOW)).isTrue();
  }
}
