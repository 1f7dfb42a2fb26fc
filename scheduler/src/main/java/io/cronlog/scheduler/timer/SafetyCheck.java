package io.cronlog.scheduler.timer;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the periodic safety check's passes to the decision thread one at a time: a pass that comes
 * due while the previous one is still queued or running is skipped, not queued behind it, so a
 * check slower than its interval (or a decision thread held up) never grows the queue.
 *
 * <p>A pass checks the keys it finds at its start a slice at a time, each slice queued behind what
 * came meanwhile: the runs a timer wakes while a pass is under way wait for one slice, not for a
 * check of every ScheduledJob of the shard (5,000 decisions, about a second, with 10,000 on two
 * threads).
 *
 * @param <K> what one check is of (a ScheduledJob's key)
 */
public final class SafetyCheck<K> implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(SafetyCheck.class);

  /** Checks per slice: a few tens of milliseconds of decisions. */
  static final int SLICE = 256;

  private final Executor decisions;
  private final Supplier<List<K>> keys;
  private final Consumer<K> check;

  /** Set from when a pass is queued until its last slice has run (or one failed). */
  private final AtomicBoolean unfinished = new AtomicBoolean();

  private final AtomicLong skipped = new AtomicLong();

  /**
   * @param decisions the decision thread, which alone calls {@code keys} and {@code check}
   * @param keys what a pass checks, as it is at the pass's start
   * @param check checks one key; one that is gone by its turn is the check's to ignore
   */
  public SafetyCheck(Executor decisions, Supplier<List<K>> keys, Consumer<K> check) {
    this.decisions = decisions;
    this.keys = keys;
    this.check = check;
  }

  /** A pass is due (on a timer thread): queued, unless the previous one is unfinished. */
  @Override
  public void run() {
    if (!unfinished.compareAndSet(false, true)) {
      LOG.warn(
          "The safety check came due while its previous pass is unfinished; skipped ({} so far)",
          skipped.incrementAndGet());
      return;
    }
    queue(() -> runSlice(keys.get().iterator()));
  }

  /** Passes skipped because the previous one was unfinished. */
  public long skipped() {
    return skipped.get();
  }

  private void runSlice(Iterator<K> rest) {
    boolean more;
    try {
      for (int i = 0; i < SLICE && rest.hasNext(); i++) {
        check.accept(rest.next());
      }
      more = rest.hasNext();
    } catch (RuntimeException | Error e) {
      unfinished.set(false);
      throw e;
    }
    if (more) {
      queue(() -> runSlice(rest));
    } else {
      unfinished.set(false);
    }
  }

  private void queue(Runnable slice) {
    try {
      decisions.execute(slice);
    } catch (RejectedExecutionException e) {
      unfinished.set(false); // the decision thread is ending: there is nothing left to check
    }
  }
}
