package io.cronlog.executor.act;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * This executor's clock and how far ahead of it a time in a command may lie: the scheduler's clock
 * may run ahead of ours, but a time further ahead than that cannot have been meant yet.
 */
record AllowedSkew(Clock clock, Duration max) {

  /** The latest time a command may name now. */
  Instant latest() {
    return clock.instant().plus(max);
  }

  /** Why {@code t}, named {@code what} (a prefix, may be empty), is too far ahead; empty if it is not. */
  Optional<String> tooFarAhead(String what, Instant t) {
    return t != null && t.isAfter(latest())
        ? Optional.of(what + t + " is in the future (more than " + max + " ahead of this executor's clock)")
        : Optional.empty();
  }
}
