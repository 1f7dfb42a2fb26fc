package io.cronlog.executor.act;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * This executor's clock and how far ahead of it a time in a command may lie: up to {@code max}
 * (CRONLOG_MAX_CLOCK_SKEW) it is judged now; beyond that the clock that wrote it runs ahead of
 * ours, so it waits for ours; beyond {@link #PLAUSIBLE} no clock explains it and it is refused.
 */
record AllowedSkew(Clock clock, Duration max) {

  /**
   * The furthest ahead any clock may honestly be. Synchronised clocks are within a second; a clock
   * that drifts unsynchronised loses seconds a day; a virtual machine resumed after hours is behind
   * by that until it steps its clock, minutes later. A day covers them all, while what a forged
   * command can hold back (its ScheduledJob's later commands) is bounded to that day.
   */
  static final Duration PLAUSIBLE = Duration.ofDays(1);

  /** The latest time a command may name now. */
  Instant latest() {
    return clock.instant().plus(max);
  }

  /**
   * Why {@code t}, named {@code what} (a prefix, may be empty), is too far ahead for any clock;
   * empty if it is not.
   */
  Optional<String> tooFarAhead(String what, Instant t) {
    return t != null && t.isAfter(clock.instant().plus(PLAUSIBLE))
        ? Optional.of(
            what
                + t
                + " is in the future (more than "
                + PLAUSIBLE
                + " ahead of this executor's clock,"
                + " further than any clock skew explains)")
        : Optional.empty();
  }

  /**
   * When {@code t} will lie no more than {@code max} ahead of this executor's clock, if it does
   * now.
   */
  Optional<Instant> acceptableFrom(Instant t) {
    return t != null && t.isAfter(latest()) ? Optional.of(t.minus(max)) : Optional.empty();
  }
}
