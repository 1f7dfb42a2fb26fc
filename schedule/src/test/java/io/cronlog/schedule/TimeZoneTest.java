package io.cronlog.schedule;

import static io.cronlog.schedule.Fixtures.schedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeZoneTest {

  @Test
  void usesUtcWhenNoZoneIsGiven() {
    assertThat(schedule("@daily", null).zone()).isEqualTo(ZoneOffset.UTC);
    assertThat(schedule("@daily", " ").zone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void acceptsIanaNamesIncludingLegacyLinks() {
    assertThat(schedule("@daily", "Asia/Calcutta").zone()).isEqualTo(ZoneId.of("Asia/Calcutta"));
    assertThat(schedule("@daily", "Etc/GMT+5").zone()).isEqualTo(ZoneId.of("Etc/GMT+5"));
  }

  @Test
  void acceptsNamesGoLoadsThatTheJdkLacks() throws ScheduleException {
    Instant newYear = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(Schedule.parse("0 9 * * *", "EST").next(newYear))
        .contains(Instant.parse("2026-01-01T14:00:00Z"));
    assertThat(Schedule.parse("0 9 * * *", "posix/Asia/Tokyo").next(newYear))
        .contains(Instant.parse("2026-01-02T00:00:00Z"));
    assertThat(schedule("@daily", "right/Europe/London").zone())
        .isEqualTo(ZoneId.of("Europe/London"));
    assertThat(schedule("@daily", "Factory").zone()).isEqualTo(ZoneId.of("Etc/UTC"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localtime",
        "posix/localtime",
        "SystemV/EST5",
        "posix/posix/UTC",
        "posix/posixrules"
      })
  void refusesNamesGoRefusesOrThatNameTheHostsZone(String zone) {
    assertThatThrownBy(() -> Schedule.parse("@daily", zone))
        .isInstanceOf(UnknownTimeZoneException.class);
  }

  @Test
  void saysWhyLocaltimeIsRefused() {
    assertThatThrownBy(() -> Schedule.parse("@daily", "localtime"))
        .hasMessageContaining("host's /etc/localtime");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Local", "local", "LOCAL"})
  void rejectsLocalInAnyCase(String zone) {
    assertThatThrownBy(() -> Schedule.parse("@daily", zone))
        .isInstanceOf(UnknownTimeZoneException.class)
        .hasMessageContaining("Local is not allowed");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "America/New York",
        "../etc/passwd",
        "-UTC",
        "Europe//London",
        "ThisIsWayTooLongName/UTC"
      })
  void rejectsNamesWhosePartsKubernetesRefuses(String zone) {
    assertThatThrownBy(() -> Schedule.parse("@daily", zone))
        .isInstanceOf(UnknownTimeZoneException.class)
        .hasMessageContaining("each part between slashes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Mars/Olympus", "UTC+5", "GMT+5", "Z", "america/new_york"})
  void rejectsNamesOutsideTheTzDatabase(String zone) {
    assertThatThrownBy(() -> Schedule.parse("@daily", zone))
        .isInstanceOfSatisfying(
            UnknownTimeZoneException.class,
            e -> assertThat(e.eventReason()).isEqualTo("UnknownTimeZone"))
        .hasMessageContaining("not in the IANA time zone database");
  }

  @Test
  void reportsTheZoneBeforeTheSchedule() {
    assertThatThrownBy(() -> Schedule.parse("0 0 * * 7", "Mars/Olympus"))
        .isInstanceOf(UnknownTimeZoneException.class);
  }
}
