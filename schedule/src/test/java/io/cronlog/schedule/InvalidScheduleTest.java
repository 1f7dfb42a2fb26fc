package io.cronlog.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvalidScheduleTest {

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 0 * * 7            | day-of-week: 7 is above the maximum 6",
        "60 * * * *           | minute: 60 is above the maximum 59",
        "0 24 * * *           | hour: 24 is above the maximum 23",
        "0 0 0 * *            | day-of-month: 0 is below the minimum 1",
        "0 0 * 13 *           | month: 13 is above the maximum 12",
        "0 22-2 * * *         | hour: range 22-2 runs backwards",
        "*/0 * * * *          | minute: step 0 in \"*/0\"",
        "0 0 L * *            | L, W, # and H are not supported",
        "0 0 * * 5#3          | L, W, # and H are not supported",
        "H * * * *            | L, W, # and H are not supported",
        "0 0 0 * * *          | found 6; a seconds field is not supported",
        "0 0 * *              | expected 5 fields",
        "0 0 * * monday       | day-of-week: \"monday\" in \"monday\" is not a number or a day of week name",
        "1-2-3 * * * *        | minute: \"1-2-3\" has more than one '-'",
        "1/2/3 * * * *        | minute: \"1/2/3\" has more than one '/'",
        "*/-1 * * * *         | minute: step \"-1\"",
        "@reboot              | @reboot is not supported",
        "@DAILY               | descriptors are lower case",
        "@every               | unknown descriptor",
        "@every 1d            | unknown unit \"d\"",
        "'@every 5m '         | unknown unit \"m \"",
        "TZ=UTC 0 0 * * *     | use the timeZone field",
        "CRON_TZ=UTC @daily   | use the timeZone field",
      })
  void rejectsWithAMessageNamingTheFieldAndTheProblem(String spec, String message) {
    assertThatThrownBy(() -> Schedule.parse(spec, "UTC"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsAnEmptySchedule() {
    assertThatThrownBy(() -> Schedule.parse("", null)).hasMessage("schedule is empty");
  }

  @Test
  void mapsToTheControllersWarningReason() {
    assertThatThrownBy(() -> Schedule.parse("0 0 * * 7", null))
        .isInstanceOfSatisfying(
            InvalidScheduleException.class,
            e -> assertThat(e.eventReason()).isEqualTo("UnparseableSchedule"));
  }
}
