package io.cronlog.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronlog.records.CommandOutcome.Result;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommandOutcomeTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:30:00Z");
  private static final CreateJob RUN =
      CreateJob.forRun(
          new ScheduledJobRef("team-a", "report", "uid-1"),
          Instant.parse("2026-11-27T10:30:00Z"),
          RunReason.SCHEDULED,
          null,
          NOW);

  @Test
  void givesEachRetriedAttemptItsOwnId() {
    CommandOutcome first = CommandOutcome.of(RUN, 1, Result.FAILED, "attempt 1: 503", true, NOW);
    CommandOutcome second = CommandOutcome.of(RUN, 2, Result.FAILED, "attempt 2: 503", true, NOW);

    assertThat(first.id()).isNotEqualTo(second.id());
  }

  @Test
  void keepsTheIdWhenTheSameAttemptIsRedelivered() {
    CommandOutcome before =
        CommandOutcome.of(RUN, 1, Result.CREATED, "created Job report-1", false, NOW);
    CommandOutcome redelivered =
        CommandOutcome.of(
            RUN, 1, Result.CREATED, "created Job report-1", false, NOW.plusSeconds(30));

    assertThat(redelivered.id()).isEqualTo(before.id());
  }

  @Test
  void tellsAFinalFailureFromARetriedOneOfTheSameAttempt() {
    assertThat(CommandOutcome.of(RUN, 3, Result.FAILED, "503", true, NOW).id())
        .isNotEqualTo(CommandOutcome.of(RUN, 3, Result.FAILED, "503", false, NOW).id());
  }

  @Test
  void rejectsAnAttemptNumberBelowOne() {
    assertThatThrownBy(() -> CommandOutcome.of(RUN, 0, Result.CREATED, "", false, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempt");
  }
}
