package io.cronlog.scheduler.timer;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the periodic safety check's passes to the decision thread one at a time: a pass that comes
 * due while the previous one is still queued or running is skipped, not queued behind it, so a
 * check slower than its interval (or a decision thread held up) never grows the queue.
 */
public final class SafetyCheck implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(SafetyCheck.class);

  private final Executor decisions;
  private final Runnable pass;

  /** Set from when a pass is queued until it has run (or failed). */
  private final AtomicBoolean unfinished = new AtomicBoolean();

  private final AtomicLong skipped = new AtomicLong();

  public SafetyCheck(Executor decisions, Runnable pass) {
    this.decisions = decisions;
    this.pass = pass;
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
    try {
      decisions.execute(this::runPass);
    } catch (RejectedExecutionException e) {
      unfinished.set(false); // the decision thread is ending: there is nothing left to check
    }
  }

  /** Passes skipped because the previous one was unfinished. */
  public long skipped() {
    return skipped.get();
  }

  private void runPass() {
    try {
      pass.run();
    } finally {
      unfinished.set(false);
    }
  }
}
