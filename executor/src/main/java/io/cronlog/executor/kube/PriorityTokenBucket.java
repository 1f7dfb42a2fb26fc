package io.cronlog.executor.kube;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A token bucket of {@code qps} tokens a second, at most {@code burst} saved up, whose prompt
 * callers go before its deferrable ones. Thread-safe.
 *
 * <p>A {@link Priority#PROMPT} caller reserves the next token not yet taken and waits until it is
 * due, so prompt callers are served in turn at the steady rate. A {@link Priority#DEFERRABLE}
 * caller reserves nothing: it takes a token only when one is free now, which is never while a
 * prompt caller waits for a reserved one, so a prompt caller that comes later still goes first.
 * Both kinds draw on the same tokens: the rate and the burst are those of a plain token bucket.
 */
public final class PriorityTokenBucket {

  /** Who goes first when both wait for a token. */
  public enum Priority {
    /** A call that someone waits for (a Job's creation): served before any deferrable call. */
    PROMPT,
    /** A call that may come later (a status write): served only when no prompt call waits. */
    DEFERRABLE
  }

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long nanosPerToken;
  private final long burstNanos;
  private final LongSupplier nanoTime;

  /**
   * Deferrable callers take turns in the order they came: only the holder asks the bucket, so a
   * crowd of them neither wakes all at once for each token nor lets a newcomer overtake.
   */
  private final ReentrantLock deferrableTurn = new ReentrantLock(true);

  /**
   * When the last token taken is due; after it a new one comes every {@code nanosPerToken}. Later
   * than now exactly while a prompt caller waits for a reserved token. Guarded by {@code this}.
   */
  private long nextFree;

  /**
   * @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
   */
  public PriorityTokenBucket(double qps, int burst, LongSupplier nanoTime) {
    if (!(qps > 0) || burst < 1) {
      throw new IllegalArgumentException(
          "qps must be positive and burst at least 1, were " + qps + " and " + burst);
    }
    this.nanosPerToken = Math.max(1, (long) (NANOS_PER_SECOND / qps));
    this.burstNanos = nanosPerToken * burst;
    this.nanoTime = nanoTime;
    this.nextFree = nanoTime.getAsLong() - burstNanos;
  }

  /** A bucket of {@code limit}'s rate and burst on the system's monotonic clock. */
  public PriorityTokenBucket(RateLimit limit) {
    this(limit.qps(), limit.burst(), System::nanoTime);
  }

  /**
   * Takes the next token for a prompt caller at time {@code now}: it is the caller's, due after the
   * nanoseconds returned (0 if at once).
   */
  public synchronized long reserve(long now) {
    nextFree = take(now);
    return Math.max(0, nextFree - now);
  }

  /**
   * Takes a token for a deferrable caller at time {@code now} if one is free then and returns 0;
   * otherwise takes none and returns the nanoseconds after which one will be free unless a prompt
   * caller reserves it first.
   */
  public synchronized long tryTakeSpare(long now) {
    long due = take(now);
    if (due > now) {
      return due - now;
    }
    nextFree = due;
    return 0;
  }

  /** When the next token would be due if taken at {@code now}; guarded by {@code this}. */
  private long take(long now) {
    // Saved-up tokens never exceed the burst, however long the bucket was idle.
    return Math.max(nextFree, now - burstNanos) + nanosPerToken;
  }

  /** Takes a token of {@code priority}, waiting for it as long as needed. */
  public void acquire(Priority priority) throws InterruptedException {
    if (priority == Priority.PROMPT) {
      TimeUnit.NANOSECONDS.sleep(reserve(nanoTime.getAsLong()));
      return;
    }
    deferrableTurn.lockInterruptibly();
    try {
      // The wait is until the next token; a prompt caller may reserve it meanwhile, then wait
      // again.
      for (long wait = tryTakeSpare(nanoTime.getAsLong());
          wait > 0;
          wait = tryTakeSpare(nanoTime.getAsLong())) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    } finally {
      deferrableTurn.unlock();
    }
  }
}
