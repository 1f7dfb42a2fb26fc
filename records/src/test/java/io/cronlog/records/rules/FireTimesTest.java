package io.cronlog.records.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.schedule.Schedule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FireTimesTest {

  static final Instant ANCHOR = Instant.parse("2024-03-01T10:00:07Z");

  record Row(String name, String schedule, String t, boolean fireTime, boolean couldBe) {}

  /** Is {@code t} a fire time, counted from {@link #ANCHOR} (which only {@code @every} reads)? */
  static final List<Row> ROWS =
      List.of(
          new Row("cron time on the grid", "*/5 * * * *", "2024-03-01T10:05:00Z", true, true),
          new Row("cron time off the grid", "*/5 * * * *", "2024-03-01T10:06:00Z", false, false),
          new Row(
              "cron time with a fraction of a second",
              "*/5 * * * *",
              "2024-03-01T10:05:00.5Z",
              false,
              false),
          new Row(
              "cron time before the anchor still on the grid",
              "*/5 * * * *",
              "2024-03-01T09:00:00Z",
              true,
              true),
          new Row(
              "every: whole periods after the anchor",
              "@every 1m",
              "2024-03-01T10:03:07Z",
              true,
              true),
          new Row(
              "every: off the anchor's grid but a period after it",
              "@every 1m",
              "2024-03-01T10:03:00Z",
              false,
              true),
          new Row(
              "every: less than a period after the anchor",
              "@every 1m",
              "2024-03-01T10:00:30Z",
              false,
              false),
          new Row(
              "every: whole seconds only", "@every 1m", "2024-03-01T10:01:07.1Z", false, false));

  @Test
  void aTimeIsAFireTimeOnTheCronGridOrWholePeriodsAfterTheEveryAnchor() throws Exception {
    for (Row row : ROWS) {
      Schedule schedule = Schedule.parse(row.schedule(), null);
      Instant t = Instant.parse(row.t());
      assertThat(FireTimes.isFireTime(schedule, t, ANCHOR))
          .as(row.name() + ": fire time")
          .isEqualTo(row.fireTime());
      assertThat(FireTimes.couldBeFireTime(schedule, t, ANCHOR))
          .as(row.name() + ": could be")
          .isEqualTo(row.couldBe());
    }
  }

  @Test
  void firstAfterKeepsTheEveryGridOfItsAnchor() throws Exception {
    Schedule every = Schedule.parse("@every 1m", null);
    Schedule cron = Schedule.parse("* * * * *", null);
    Instant after = Instant.parse("2024-03-01T10:03:30Z");

    assertThat(FireTimes.firstAfter(every, ANCHOR, after))
        .contains(Instant.parse("2024-03-01T10:04:07Z"));
    assertThat(FireTimes.firstAfter(every, ANCHOR, Instant.parse("2024-03-01T09:00:00Z")))
        .contains(Instant.parse("2024-03-01T10:01:07Z"));
    assertThat(FireTimes.firstAfter(cron, ANCHOR, after))
        .contains(Instant.parse("2024-03-01T10:04:00Z"));
  }

  @Test
  void mostRecentIsTheLastFireTimeAfterTheReferenceAndNotAfterNow() throws Exception {
    Schedule cron = Schedule.parse("* * * * *", null);
    Instant t = Instant.parse("2024-03-01T10:00:00Z");

    assertThat(FireTimes.mostRecent(cron, t, t.plusSeconds(30 * 60 + 20)))
        .contains(t.plusSeconds(30 * 60));
    assertThat(FireTimes.mostRecent(cron, t, t.plusSeconds(59))).isEmpty();
    assertThat(FireTimes.mostRecent(cron, t, t.plusSeconds(60))).contains(t.plusSeconds(60));
  }

  @Test
  void mostRecentOfAnEveryScheduleCountsFromTheReference() throws Exception {
    Schedule every = Schedule.parse("@every 7m", null);

    assertThat(FireTimes.mostRecent(every, ANCHOR, ANCHOR.plusSeconds(30 * 60)))
        .isEqualTo(Optional.of(ANCHOR.plusSeconds(4 * 7 * 60)));
  }

  @Test
  void mostRecentFindsTheLastOfMoreThanAHundredTimesExactly() throws Exception {
    Schedule cron = Schedule.parse("* * * * *", null);
    Instant t = Instant.parse("2024-03-01T10:00:00Z");

    MissedTimes window = MissedTimes.in(cron, t, t.plusSeconds(3 * 24 * 3600 + 90));

    assertThat(window.tooMany()).isTrue();
    assertThat(window.mostRecent()).contains(t.plusSeconds(3 * 24 * 3600 + 60));
  }
}
