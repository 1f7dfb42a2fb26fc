package io.cronlog.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HandOverWaitTest {

  private static final Duration REPORT_EVERY = Duration.ofMillis(10);

  private final CompletableFuture<Void> handedOver = new CompletableFuture<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final List<Long> reports = new CopyOnWriteArrayList<>();

  @Test
  void aHandOverThatOutlastsManyReportsIsWaitedForWithoutAThrow() {
    CompletableFuture<HandOverWait.Outcome> waiting = startWaiting();

    // Many report intervals pass (each stands for the 30 s after which the old code threw).
    await().atMost(Duration.ofSeconds(10)).until(() -> reports.size() >= 5);
    assertThat(waiting).isNotDone();
    handedOver.complete(null);

    assertThat(waiting.join()).isEqualTo(HandOverWait.Outcome.HANDED_OVER);
    assertThat(reports).isSorted().allSatisfy(waitedMs -> assertThat(waitedMs).isPositive());
  }

  @Test
  void aHandOverThatFailedEndsTheWaitAsHandedOver() {
    handedOver.completeExceptionally(new IllegalStateException("the producer is closed"));

    assertThat(startWaiting().join()).isEqualTo(HandOverWait.Outcome.HANDED_OVER);
  }

  @Test
  void closingEndsAWaitForAHandOverThatNeverComes() {
    CompletableFuture<HandOverWait.Outcome> waiting = startWaiting();
    await().atMost(Duration.ofSeconds(10)).until(() -> !reports.isEmpty());

    closing.set(true);

    assertThat(waiting.join()).isEqualTo(HandOverWait.Outcome.CLOSING);
  }

  @Test
  void anInterruptedWaitEndsAndKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    try {
      assertThat(HandOverWait.await(handedOver, REPORT_EVERY, closing::get, reports::add))
          .isEqualTo(HandOverWait.Outcome.INTERRUPTED);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  /** Waits on another thread, as the consumer thread does inside the rebalance listener. */
  private CompletableFuture<HandOverWait.Outcome> startWaiting() {
    return CompletableFuture.supplyAsync(
        () -> HandOverWait.await(handedOver, REPORT_EVERY, closing::get, reports::add));
  }
}
