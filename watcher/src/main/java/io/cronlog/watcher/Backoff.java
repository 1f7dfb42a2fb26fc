package io.cronlog.watcher;

import java.time.Duration;

/** Waits that double after each failure, from a first wait up to a cap. Not thread safe: one per retry loop. */
public final class Backoff {

  private final Duration max;
  private Duration next;

  public Backoff(Duration first, Duration max) {
    this.next = first;
    this.max = max;
  }

  /** Sleeps the current wait, then doubles it, up to the cap. */
  public void sleep() throws InterruptedException {
    Thread.sleep(next.toMillis());
    next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
  }

  /** The wait {@link #sleep()} takes next, for the log. */
  public Duration next() {
    return next;
  }
}
