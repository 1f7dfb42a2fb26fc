package io.cronlog.schedule;

import static io.cronlog.schedule.Fixtures.next;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Fire times around offset changes, as robfig/cron (and so Kubernetes) computes them. */
class DaylightSavingTest {

  @Test
  void skipsAWallTimeInTheSpringForwardGap() {
    // New York springs from 02:00 to 03:00 on 2026-03-08.
    assertThat(next("30 2 * * *", "America/New_York", "2026-03-07T12:00:00Z", 2))
        .containsExactly("2026-03-09T02:30:00-04:00", "2026-03-10T02:30:00-04:00");
  }

  @Test
  void firesTwiceInTheRepeatedFallBackHour() {
    assertThat(next("30 1 * * *", "America/New_York", "2026-11-01T03:00:00Z", 3))
        .containsExactly(
            "2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-02T01:30:00-05:00");
  }

  @Test
  void firesHourlyOncePerRealHourAcrossFallBack() {
    assertThat(next("0 * * * *", "America/New_York", "2026-11-01T03:30:00Z", 4))
        .containsExactly(
            "2026-11-01T00:00:00-04:00",
            "2026-11-01T01:00:00-04:00",
            "2026-11-01T01:00:00-05:00",
            "2026-11-01T02:00:00-05:00");
  }

  @Test
  void firesTwiceInTheRepeatedHourOfTheSouthernAutumn() {
    // Sydney falls back from 03:00 to 02:00 on 2026-04-05.
    assertThat(next("30 2 * * *", "Australia/Sydney", "2026-04-04T12:00:00Z", 3))
        .containsExactly(
            "2026-04-05T02:30:00+11:00", "2026-04-05T02:30:00+10:00", "2026-04-06T02:30:00+10:00");
  }

  @Test
  void skipsAWallTimeInLordHowesHalfHourGap() {
    // Lord Howe springs from 02:00 to 02:30 on 2026-10-04.
    assertThat(next("15 2 * * *", "Australia/Lord_Howe", "2026-10-03T12:00:00Z", 1))
        .containsExactly("2026-10-05T02:15:00+11:00");
  }

  @Test
  void firesTwiceInLordHowesRepeatedHalfHour() {
    assertThat(next("45 1 * * *", "Australia/Lord_Howe", "2026-04-04T12:00:00Z", 2))
        .containsExactly("2026-04-05T01:45:00+11:00", "2026-04-05T01:45:00+10:30");
  }

  @Test
  void skipsTheWholeHourContainingLordHowesHalfHourGap() {
    // robfig steps minutes through the gap and wraps at 03:00, so 02:30, which exists, never fires.
    assertThat(next("0 * * * *", "Australia/Lord_Howe", "2026-10-03T13:00:00Z", 3))
        .containsExactly(
            "2026-10-04T00:00:00+10:30", "2026-10-04T01:00:00+10:30", "2026-10-04T03:00:00+11:00");
  }

  @Test
  void skipsADayWhoseMidnightFallsInTheGap() {
    // Santiago springs from 00:00 to 01:00 on 2026-09-06; that day has no midnight.
    assertThat(next("0 0 * * *", "America/Santiago", "2026-09-05T12:00:00Z", 2))
        .containsExactly("2026-09-07T00:00:00-03:00", "2026-09-08T00:00:00-03:00");
  }

  @Test
  void readsWallTimesInHalfAndQuarterHourZones() {
    assertThat(next("0 9 * * *", "Asia/Kolkata", "2026-01-01T00:00:00Z", 1))
        .containsExactly("2026-01-01T09:00:00+05:30");
    assertThat(next("0 9 * * *", "Asia/Kathmandu", "2026-01-01T00:00:00Z", 1))
        .containsExactly("2026-01-01T09:00:00+05:45");
    assertThat(next("0 12 * * *", "Pacific/Chatham", "2026-04-04T00:00:00Z", 2))
        .containsExactly("2026-04-05T12:00:00+12:45", "2026-04-06T12:00:00+12:45");
  }

  @Test
  void keepsFiringAtTheSameWallTimeWhenLondonSpringsForward() {
    // London's gap is 01:00 to 02:00, so 02:30 exists on 2026-03-29.
    assertThat(next("30 2 * * *", "Europe/London", "2026-03-28T12:00:00Z", 2))
        .containsExactly("2026-03-29T02:30:00+01:00", "2026-03-30T02:30:00+01:00");
  }

  @Test
  void stepsOverTheDaySamoaSkippedWhereRobfigNeverReturns() {
    // Samoa went from 2011-12-29 straight to 2011-12-31. robfig's day step resolves the missing
    // 30th back to the 29th and loops forever; we step on to the 31st.
    assertThat(next("0 12 10 * *", "Pacific/Apia", "2011-12-10T00:00:00Z", 2))
        .containsExactly("2011-12-10T12:00:00-10:00", "2012-01-10T12:00:00+14:00");
    assertThat(next("0 12 * * *", "Pacific/Apia", "2011-12-28T23:00:00Z", 2))
        .containsExactly("2011-12-29T12:00:00-10:00", "2011-12-31T12:00:00+14:00");
  }
}
