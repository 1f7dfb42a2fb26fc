package io.cronlog.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceClockTest {

  @Test
  void runsOnTheSystemClockWhenNoOffsetIsSet() {
    assertThat(ServiceClock.fromEnvironment(Map.of())).isEqualTo(Clock.systemUTC());
  }

  @Test
  void readsMinutesAheadAndBehindInTheShortForm() {
    assertThat(ServiceClock.offset(Map.of(ServiceClock.OFFSET, "2m")))
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(ServiceClock.offset(Map.of(ServiceClock.OFFSET, "-2m")))
        .isEqualTo(Duration.ofMinutes(-2));
    assertThat(ServiceClock.offset(Map.of(ServiceClock.OFFSET, "+90s")))
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void readsIsoDurationsAsTheOtherKeysDo() {
    assertThat(ServiceClock.offset(Map.of(ServiceClock.OFFSET, "-PT2M")))
        .isEqualTo(Duration.ofMinutes(-2));
  }

  @Test
  void shiftsTheClockByTheOffset() {
    Clock clock = ServiceClock.fromEnvironment(Map.of(ServiceClock.OFFSET, "2m"));

    long ahead = Duration.between(Clock.systemUTC().instant(), clock.instant()).toSeconds();
    assertThat(ahead).isBetween(119L, 121L);
  }

  @Test
  void refusesAnOffsetItCannotReadNamingTheKey() {
    assertThatThrownBy(
            () -> ServiceClock.fromEnvironment(Map.of(ServiceClock.OFFSET, "two minutes")))
        .hasMessageContaining(ServiceClock.OFFSET);
  }
}
