package io.cronlog.executor.act;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Job creations under way, which the bookkeeping of runs already started (status writes,
 * Events) yields to: during a burst the API server's capacity, not only the client's rate limit,
 * goes to the Jobs people wait for first. A yield is bounded, so bookkeeping is slowed by a long
 * burst and never stopped by it.
 */
final class JobCreations {

  private int underWay;

  /** Runs {@code create}, counted as a Job creation under way. */
  <T> T during(Supplier<T> create) {
    synchronized (this) {
      underWay++;
    }
    try {
      return create.get();
    } finally {
      synchronized (this) {
        underWay--;
        notifyAll();
      }
    }
  }

  /**
   * Waits until no Job creation is under way, or {@code atMost} has passed.
   *
   * @return whether the creations paused
   */
  synchronized boolean awaitPause(Duration atMost) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (underWay > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /**
   * {@link #awaitPause}, for threads whose interruption means only that the executor is closing.
   */
  boolean yieldTo(Duration atMost) {
    try {
      return awaitPause(atMost);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
