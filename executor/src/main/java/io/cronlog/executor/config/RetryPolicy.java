package io.cronlog.executor.config;

import io.cronlog.runtime.errors.Backoff;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for commands that failed for a transient reason (429, 5xx,
 * connection errors): the n-th retry waits a random time between half and all of {@code
 * initialBackoff * 2^(n-1)}, capped at {@code maxBackoff}, and no less than the server's
 * Retry-After. After {@code maxAttempts} attempts the command is given up.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, int maxAttempts) {

  public RetryPolicy {
    new Backoff(initialBackoff, maxBackoff); // checks the two
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be at least 1, was " + maxAttempts);
    }
  }

  /** Builds a policy, naming the environment keys in the message of a bad combination. */
  static RetryPolicy of(
      String initialKey, Duration initial, String maxKey, Duration max, int maxAttempts) {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException(initialKey + " must be positive, was " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          maxKey + " (" + max + ") must not be below " + initialKey + " (" + initial + ")");
    }
    return new RetryPolicy(initial, max, maxAttempts);
  }

  /** Whether a command that has failed {@code attempts} times may be tried again. */
  public boolean allowsAnotherAttempt(int attempts) {
    return attempts < maxAttempts;
  }

  /**
   * How long to wait after failed attempt number {@code attempt} (1-based).
   *
   * @param retryAfter the server's Retry-After, or zero
   * @param random a source of numbers in [0, 1), for the jitter
   */
  public Duration delayAfter(int attempt, Duration retryAfter, DoubleSupplier random) {
    long ceilingMs = new Backoff(initialBackoff, maxBackoff).delayAfter(attempt).toMillis();
    // Half fixed, half random: retries of many commands spread out, none comes back at once.
    long jitteredMs = ceilingMs / 2 + (long) (random.getAsDouble() * (ceilingMs - ceilingMs / 2));
    return Duration.ofMillis(Math.max(jitteredMs, retryAfter.toMillis()));
  }
}
