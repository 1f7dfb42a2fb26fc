package io.cronlog.scheduler;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The rebalance listener's wait for the decision threads to hand revoked partitions over (their
 * timers dropped, the commands producer flushed). However long that takes, the wait neither throws
 * nor gives up: a throw killed the consumer thread, and giving up would let the next owner read the
 * commands' tail before our last commands are in it. It reports every {@code reportEvery} that it
 * still waits, and stops only when the scheduler closes or its thread is interrupted.
 */
final class HandOverWait {

  /** How a wait ended. */
  enum Outcome {
    HANDED_OVER,
    CLOSING,
    INTERRUPTED
  }

  private HandOverWait() {}

  /**
   * Waits for {@code handedOver}; calls {@code stillWaiting} with the time waited so far each
   * {@code reportEvery}. An exception in the hand-over is the decision threads' to log: the
   * partitions are given up either way.
   */
  static Outcome await(
      Future<?> handedOver,
      Duration reportEvery,
      BooleanSupplier closing,
      LongConsumer stillWaiting) {
    // Closing is noticed within a second, however rarely the wait is reported.
    long tickMs = Math.max(1, Math.min(reportEvery.toMillis(), 1_000));
    long waitedMs = 0;
    long nextReportMs = reportEvery.toMillis();
    while (true) {
      try {
        handedOver.get(tickMs, TimeUnit.MILLISECONDS);
        return Outcome.HANDED_OVER;
      } catch (ExecutionException e) {
        return Outcome.HANDED_OVER;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.INTERRUPTED;
      } catch (TimeoutException e) {
        if (closing.getAsBoolean()) {
          return Outcome.CLOSING; // the decision threads end without deciding again
        }
        waitedMs += tickMs;
        if (waitedMs >= nextReportMs) {
          stillWaiting.accept(waitedMs);
          nextReportMs += reportEvery.toMillis();
        }
      }
    }
  }
}
