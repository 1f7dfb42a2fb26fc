package io.cronlog.schedule;

import static io.cronlog.schedule.Fixtures.next;
import static io.cronlog.schedule.Fixtures.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronSyntaxTest {

  private static final String SATURDAY_2026_03_07 = "2026-03-07T10:02:30Z";

  @Test
  void firesOnEveryMultipleOfTheStep() {
    assertThat(next("*/20 * * * *", null, SATURDAY_2026_03_07, 3))
        .containsExactly("2026-03-07T10:20:00Z", "2026-03-07T10:40:00Z", "2026-03-07T11:00:00Z");
  }

  @Test
  void readsValueWithStepAsRangeFromValueToMaximum() {
    assertThat(next("5/20 * * * *", null, SATURDAY_2026_03_07, 4))
        .containsExactly(
            "2026-03-07T10:05:00Z",
            "2026-03-07T10:25:00Z",
            "2026-03-07T10:45:00Z",
            "2026-03-07T11:05:00Z");
  }

  @Test
  void treatsQuestionMarkAsStar() {
    assertThat(next("0 0 ? * ?", null, SATURDAY_2026_03_07, 3))
        .isEqualTo(next("0 0 * * *", null, SATURDAY_2026_03_07, 3));
  }

  @Test
  void readsMonthAndDayNamesInAnyCase() {
    assertThat(next("0 9 * Mar-APR mon,FRI", null, SATURDAY_2026_03_07, 3))
        .containsExactly("2026-03-09T09:00:00Z", "2026-03-13T09:00:00Z", "2026-03-16T09:00:00Z");
  }

  @Test
  void firesOnListsOfHoursOnWeekdaysOnly() {
    assertThat(next("30 10,11,12 * * 1-5", null, "2026-03-06T12:00:00Z", 4))
        .containsExactly(
            "2026-03-06T12:30:00Z",
            "2026-03-09T10:30:00Z",
            "2026-03-09T11:30:00Z",
            "2026-03-09T12:30:00Z");
  }

  @Test
  void firesOnThirteenthOrFridayWhenBothDayFieldsRestricted() {
    assertThat(next("0 0 13 * 5", null, "2026-03-01T00:00:00Z", 4))
        .containsExactly(
            "2026-03-06T00:00:00Z",
            "2026-03-13T00:00:00Z",
            "2026-03-20T00:00:00Z",
            "2026-03-27T00:00:00Z");
    assertThat(next("0 0 13 * 5", null, "2026-03-28T00:00:00Z", 2))
        .containsExactly("2026-04-03T00:00:00Z", "2026-04-10T00:00:00Z");
    assertThat(next("0 0 13 * 5", null, "2026-04-10T00:00:00Z", 1))
        .containsExactly("2026-04-13T00:00:00Z");
  }

  @Test
  void firesOnFridaysOnlyWhenDayOfMonthIsStar() {
    assertThat(next("0 0 * * 5", null, "2026-03-01T00:00:00Z", 2))
        .containsExactly("2026-03-06T00:00:00Z", "2026-03-13T00:00:00Z");
  }

  @Test
  void countsStarWithStepAboveOneAsRestrictedDayField() {
    // "*/2" loses the star mark, so the OR rule applies: odd days, and Fridays.
    assertThat(next("0 0 */2 * 5", null, "2026-03-01T00:00:00Z", 4))
        .containsExactly(
            "2026-03-03T00:00:00Z",
            "2026-03-05T00:00:00Z",
            "2026-03-06T00:00:00Z",
            "2026-03-07T00:00:00Z");
  }

  @Test
  void keepsStarMarkForStepOfOne() {
    assertThat(next("0 0 */1 * 5", null, "2026-03-01T00:00:00Z", 2))
        .containsExactly("2026-03-06T00:00:00Z", "2026-03-13T00:00:00Z");
  }

  @Test
  void ignoresEmptyListItems() {
    assertThat(next("1,,2 0 * * *", null, SATURDAY_2026_03_07, 2))
        .containsExactly("2026-03-08T00:01:00Z", "2026-03-08T00:02:00Z");
  }

  @Test
  void neverFiresWhenAFieldIsOnlyCommas() {
    assertThat(schedule("0 0 , * *", null).next(Instant.parse(SATURDAY_2026_03_07))).isEmpty();
  }

  @Test
  void findsLeapDayFourYearsAhead() {
    assertThat(next("0 0 29 2 *", null, "2024-03-01T00:00:00Z", 2))
        .containsExactly("2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z");
  }

  @Test
  void givesNoTimeForADateThatNeverExists() {
    assertThat(schedule("0 0 30 2 *", null).next(Instant.parse(SATURDAY_2026_03_07))).isEmpty();
  }

  @Test
  void givesNoTimeBeyondFiveCalendarYearsOfTheStart() {
    // 2100 is not a leap year: from March 2097 the next 29 February is in 2104, past 2097 + 5.
    assertThat(schedule("0 0 29 2 *", null).next(Instant.parse("2097-03-01T00:00:00Z"))).isEmpty();
    assertThat(next("0 0 29 2 *", null, "2099-03-01T00:00:00Z", 1))
        .containsExactly("2104-02-29T00:00:00Z");
  }

  @Test
  void firesStrictlyAfterTheGivenInstantAndDropsSubSeconds() {
    assertThat(next("*/5 * * * *", null, "2026-03-07T10:05:00Z", 1))
        .containsExactly("2026-03-07T10:10:00Z");
    assertThat(next("*/5 * * * *", null, "2026-03-07T10:04:59.999Z", 1))
        .containsExactly("2026-03-07T10:05:00Z");
  }

  @Test
  void descriptorsFireLikeTheirCronForms() {
    String[][] pairs = {
      {"@yearly", "0 0 1 1 *"},
      {"@annually", "0 0 1 1 *"},
      {"@monthly", "0 0 1 * *"},
      {"@weekly", "0 0 * * 0"},
      {"@daily", "0 0 * * *"},
      {"@midnight", "0 0 * * *"},
      {"@hourly", "0 * * * *"}
    };
    for (String[] pair : pairs) {
      assertThat(next(pair[0], "Europe/London", SATURDAY_2026_03_07, 3))
          .as(pair[0])
          .isEqualTo(next(pair[1], "Europe/London", SATURDAY_2026_03_07, 3))
          .hasSize(3);
    }
  }

  @Test
  void acceptsWhatGoAcceptsAsANumber() {
    assertThat(next("+5 007 * * *", null, SATURDAY_2026_03_07, 1))
        .containsExactly("2026-03-08T07:05:00Z");
  }

  @Test
  void splitsFieldsOnAnyWhiteSpace() {
    assertThat(next("0\t0 \u00a0* *  *", null, SATURDAY_2026_03_07, 1))
        .containsExactly("2026-03-08T00:00:00Z");
  }
}
