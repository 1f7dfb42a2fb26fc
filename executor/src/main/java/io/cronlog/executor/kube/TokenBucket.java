package io.cronlog.executor.kube;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code qps} tokens a second, at most {@code burst} saved up. Callers reserve a
 * token and wait until it is theirs, so concurrent callers are served in turn at the steady rate.
 * Thread-safe.
 */
public final class TokenBucket {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long nanosPerToken;
  private final long burstNanos;
  private final LongSupplier nanoTime;
  /** When the bucket will next be empty of saved-up tokens; guarded by {@code this}. */
  private long nextFree;

  /**
   * @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
   */
  public TokenBucket(double qps, int burst, LongSupplier nanoTime) {
    if (!(qps > 0) || burst < 1) {
      throw new IllegalArgumentException("qps must be positive and burst at least 1, were " + qps + " and " + burst);
    }
    this.nanosPerToken = Math.max(1, (long) (NANOS_PER_SECOND / qps));
    this.burstNanos = nanosPerToken * burst;
    this.nanoTime = nanoTime;
    this.nextFree = nanoTime.getAsLong() - burstNanos;
  }

  /** Takes a token and returns how long, in nanoseconds, the caller must wait before using it. */
  public synchronized long reserve() {
    long now = nanoTime.getAsLong();
    // Saved-up tokens never exceed the burst, however long the bucket was idle.
    long start = Math.max(nextFree, now - burstNanos);
    nextFree = start + nanosPerToken;
    return Math.max(0, nextFree - now);
  }

  /** Takes a token, waiting for it as long as needed. */
  public void acquire() throws InterruptedException {
    long wait = reserve();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
