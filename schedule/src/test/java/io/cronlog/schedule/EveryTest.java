package io.cronlog.schedule;

import static io.cronlog.schedule.Fixtures.next;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EveryTest {

  @Test
  void firesTheDelayAfterThePreviousTimeWithSubSecondsDropped() {
    assertThat(next("@every 1h30m", "Europe/Berlin", "2026-03-07T10:00:00.700Z", 2))
        .containsExactly("2026-03-07T12:30:00+01:00", "2026-03-07T14:00:00+01:00");
  }

  @Test
  void truncatesTheDelayToWholeSeconds() {
    assertThat(next("@every 2.9s", null, "2026-03-07T10:00:00Z", 1))
        .containsExactly("2026-03-07T10:00:02Z");
  }

  @Test
  void raisesDelaysBelowOneSecondToOneSecond() {
    for (String delay : new String[] {"500ms", "0", "-5m"}) {
      assertThat(next("@every " + delay, null, "2026-03-07T10:00:00Z", 1))
          .as(delay)
          .containsExactly("2026-03-07T10:00:01Z");
    }
  }

  @Test
  void keepsCountingRealTimeAcrossDaylightSaving() {
    assertThat(next("@every 24h", "America/New_York", "2026-03-07T17:00:00Z", 2))
        .containsExactly("2026-03-08T13:00:00-04:00", "2026-03-09T13:00:00-04:00");
  }
}
