package io.cronlog.executor.act;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunTimingTest {

  static final Instant T = Instant.parse("2024-03-01T10:00:00Z");

  record Row(
      String name,
      String schedule,
      Long deadline,
      long actedAfterSeconds,
      long runsAtSeconds,
      boolean missed) {}

  static final List<Row> ROWS =
      List.of(
          new Row("on time", "* * * * *", null, 5, 0, false),
          new Row("a minute late: the next time supersedes it", "* * * * *", null, 65, 60, false),
          new Row(
              "thirty minutes late: the most recent supersedes it",
              "* * * * *",
              null,
              30 * 60 + 5,
              30 * 60,
              false),
          new Row("late, no later time yet, within the deadline", "0 * * * *", 600L, 500, 0, false),
          new Row(
              "late, no later time yet, past the deadline and the skew",
              "0 * * * *",
              100L,
              161,
              0,
              true),
          new Row(
              "the superseding time is itself past its deadline",
              "*/10 * * * *",
              60L,
              25 * 60,
              20 * 60,
              true),
          new Row(
              "every: the most recent counts from the command's time",
              "@every 7m",
              null,
              30 * 60,
              28 * 60,
              false),
          new Row(
              "a command ahead of our clock is taken as it is", "* * * * *", 0L, -30, 0, false));

  @Test
  void theRunThatStartsIsTheMostRecentDueTimeAndOnlyWithinItsDeadline() throws Exception {
    for (Row row : ROWS) {
      RunTiming timing =
          RunTiming.judge(
              Schedule.parse(row.schedule(), null),
              T,
              row.deadline(),
              T.plusSeconds(row.actedAfterSeconds()),
              Duration.ofMinutes(1));
      assertThat(timing.runAt())
          .as(row.name() + ": runs at")
          .isEqualTo(T.plusSeconds(row.runsAtSeconds()));
      assertThat(timing.superseded())
          .as(row.name() + ": superseded")
          .isEqualTo(row.runsAtSeconds() != 0);
      assertThat(timing.missed()).as(row.name() + ": missed").isEqualTo(row.missed());
    }
  }
}
