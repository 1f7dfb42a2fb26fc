package io.cronlog.runtime.errors;

import java.time.Duration;

/**
 * Exponential backoff with a ceiling: the n-th consecutive failure waits {@code initial * 2^(n-1)},
 * never more than {@code max}.
 */
public record Backoff(Duration initial, Duration max) {

  public Backoff {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive, was " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max backoff " + max + " is below the initial " + initial);
    }
  }

  /** How long to wait after failure number {@code failures} (1-based) in a row. */
  public Duration delayAfter(int failures) {
    int doublings = Math.min(Math.max(failures - 1, 0), 30);
    long ms = initial.toMillis() << doublings;
    return ms <= 0 || ms > max.toMillis() ? max : Duration.ofMillis(ms);
  }

  /** The waits of one retry loop, from the first: each {@link Waits#sleep()} waits the next. */
  public Waits waits() {
    return new Waits(this);
  }

  /** A retry loop's count of failures in a row. Not thread safe: one per loop. */
  public static final class Waits {

    private final Backoff backoff;
    private int failures;

    private Waits(Backoff backoff) {
      this.backoff = backoff;
    }

    /** Sleeps the wait the next failure calls for, and counts it. */
    public void sleep() throws InterruptedException {
      Thread.sleep(next().toMillis());
      failures++;
    }

    /** The wait {@link #sleep()} takes next, for the log. */
    public Duration next() {
      return backoff.delayAfter(failures + 1);
    }
  }
}
