package io.cronlog.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link Schedule#parse} remembers what it parsed; only ever as a parse would answer. */
class ParsedSchedulesTest {

  @Test
  void parsesTheSameTextAndZoneOnceAndTellsZonesApart() throws ScheduleException {
    Schedule berlin = Schedule.parse("30 2 * * *", "Europe/Berlin");

    assertThat(Schedule.parse("30 2 * * *", "Europe/Berlin")).isSameAs(berlin);
    assertThat(Schedule.parse("30 2 * * *", null).zone()).isNotEqualTo(berlin.zone());
    assertThat(Schedule.parse("30 2 * * *", null).next(Instant.parse("2026-01-10T00:00:00Z")))
        .contains(Instant.parse("2026-01-10T02:30:00Z"));
    assertThat(berlin.next(Instant.parse("2026-01-10T00:00:00Z")))
        .contains(Instant.parse("2026-01-10T01:30:00Z"));
  }

  @Test
  void refusesABadScheduleEveryTimeItIsAsked() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> Schedule.parse("61 * * * *", null))
          .isInstanceOf(InvalidScheduleException.class);
      assertThatThrownBy(() -> Schedule.parse("* * * * *", "Mars/Olympus"))
          .isInstanceOf(UnknownTimeZoneException.class);
    }
  }

  @Test
  void keepsGivingRightAnswersPastItsBound() throws ScheduleException {
    for (int minute = 0; minute < 60; minute++) {
      for (int hour = 0; hour < 24; hour++) {
        for (String zone : new String[] {null, "UTC", "Asia/Tokyo", "America/New_York"}) {
          Schedule schedule = Schedule.parse(minute + " " + hour + " * * *", zone);

          assertThat(schedule.spec()).isEqualTo(minute + " " + hour + " * * *");
        }
      }
    }
  }
}
