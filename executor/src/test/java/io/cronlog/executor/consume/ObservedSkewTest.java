package io.cronlog.executor.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ObservedSkewTest {

  static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  final MutableClock clock = new MutableClock(T0);
  final ObservedSkew skew = new ObservedSkew(clock, Duration.ofMinutes(1), Duration.ofDays(1));

  @Test
  void knowsNothingBeforeAnyCommandAndIsNotBehind() {
    assertThat(skew.aheadSeconds()).isNaN();
    assertThat(skew.behind()).isEmpty();
  }

  @Test
  void takesTheCommandLeastDelayedAsTheMeasureOfTheClockAhead() {
    skew.received(T0.plusSeconds(20));
    skew.received(T0.minusSeconds(100));

    assertThat(skew.aheadSeconds()).isEqualTo(20.0);
    assertThat(skew.behind()).isEmpty();
  }

  @Test
  void isBehindWhileCommandsOfTheLastMinutesWereStampedFurtherAheadThanAllowed() {
    skew.received(T0.plus(Duration.ofMinutes(3)));

    assertThat(skew.aheadSeconds()).isEqualTo(180.0);
    assertThat(skew.behind())
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("runs PT3M behind")
                    .contains("PT1M")
                    .contains("CRONLOG_MAX_CLOCK_SKEW"));

    clock.advance(Duration.ofMinutes(4));
    assertThat(skew.behind()).isPresent();
    clock.advance(Duration.ofMinutes(1));
    assertThat(skew.aheadSeconds()).isNaN();
    assertThat(skew.behind()).isEmpty();
  }

  @Test
  void staysBehindWhileACommandStillWaitsForItsClock() {
    skew.received(T0.plus(Duration.ofMinutes(30)));
    skew.waiting(T0.plus(Duration.ofMinutes(29)));

    clock.advance(Duration.ofMinutes(20));
    assertThat(skew.aheadSeconds()).isNaN();
    assertThat(skew.behind()).isPresent();

    clock.advance(Duration.ofMinutes(9));
    assertThat(skew.behind()).isEmpty();
  }

  @Test
  void leavesOutAStampNoClockCouldExplain() {
    skew.received(T0.plusSeconds(5));
    skew.received(Instant.parse("9999-01-01T00:00:00Z"));

    assertThat(skew.aheadSeconds()).isEqualTo(5.0);
  }
}
