package io.cronlog.watcher.publish;

/**
 * How many of one watcher's Kafka producers are open now, the most that ever were at once, and how
 * many it opened in all: what proves that a long outage, retried, never leaves producers behind.
 */
public final class OpenProducers {

  /** Guarded by this. */
  private int open;

  /** Guarded by this. */
  private int mostAtOnce;

  /** Guarded by this. */
  private long opened;

  synchronized void opened() {
    open++;
    opened++;
    mostAtOnce = Math.max(mostAtOnce, open);
  }

  synchronized void closed() {
    open--;
  }

  /** Producers created and not closed yet. */
  public synchronized int now() {
    return open;
  }

  /** The most producers that were open at the same time, ever. */
  public synchronized int mostAtOnce() {
    return mostAtOnce;
  }

  /** Producers created so far, closed or not. */
  public synchronized long openedInAll() {
    return opened;
  }
}
