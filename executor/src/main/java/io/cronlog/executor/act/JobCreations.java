package io.cronlog.executor.act;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Job creations under way, which the bookkeeping of runs already started (status writes,
 * Events) yields to: during a burst the API server's capacity, not only the client's rate limit,
 * goes to the Jobs people wait for first. Bookkeeping waits until the creations have been quiet for
 * a moment, not merely until none is under way: between two creations of a burst there is always
 * such an instant, and a write that went then took the API's time from the next creation (a tenth
 * to a fifth of the end-to-end rate, {@code docs/benchmarks/executor.md}). A yield is bounded from
 * when the bookkeeping was asked for, so a long burst delays it and never stops it.
 */
final class JobCreations {

  /** How still the creations must have been: the gaps inside a burst are far shorter. */
  static final Duration QUIET = Duration.ofMillis(250);

  /** The longest bookkeeping waits for the creations to be quiet, from when it was asked for. */
  static final Duration MAX_YIELD = Duration.ofSeconds(5);

  private final long quietNanos;
  private final long maxYieldNanos;

  /** Guarded by {@code this}. */
  private int underWay;

  /** When the last creation ended ({@link System#nanoTime}); guarded by {@code this}. */
  private long lastEnded;

  JobCreations() {
    this(QUIET, MAX_YIELD);
  }

  JobCreations(Duration quiet, Duration maxYield) {
    this.quietNanos = quiet.toNanos();
    this.maxYieldNanos = maxYield.toNanos();
    this.lastEnded = System.nanoTime() - quietNanos;
  }

  /** Runs {@code create}, counted as a Job creation under way. */
  <T> T during(Supplier<T> create) {
    synchronized (this) {
      underWay++;
    }
    try {
      return create.get();
    } finally {
      // No notify: a creation's end never makes the creations quiet at once, only a quiet spell
      // after it does, which the waiters time for themselves. Waking every waiter at each of a
      // burst's creations took a twentieth of its CPU in the waiters alone
      // (docs/benchmarks/executor.md).
      synchronized (this) {
        underWay--;
        lastEnded = System.nanoTime();
      }
    }
  }

  /**
   * Waits until the creations are quiet (none under way, none ended within {@link #QUIET}), or the
   * bookkeeping asked for at {@code askedAt} ({@link System#nanoTime}) has waited its longest, or
   * {@code atMost} has passed.
   *
   * @return whether the bookkeeping may go now: quiet, or waited its longest
   */
  synchronized boolean awaitQuiet(long askedAt, Duration atMost) throws InterruptedException {
    long start = System.nanoTime();
    while (true) {
      long now = System.nanoTime();
      // A creation under way ends at the earliest now, so the quiet comes at the earliest a spell
      // from now; then it is looked at again.
      long quietIn = underWay > 0 ? quietNanos : lastEnded + quietNanos - now;
      long overdueIn = askedAt + maxYieldNanos - now;
      if (quietIn <= 0 || overdueIn <= 0) {
        return true;
      }
      long left = start + atMost.toNanos() - now;
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, Math.min(quietIn, overdueIn)));
    }
  }

  /**
   * {@link #awaitQuiet}, for threads whose interruption means only that the executor is closing.
   */
  boolean yieldTo(long askedAt, Duration atMost) {
    try {
      return awaitQuiet(askedAt, atMost);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
