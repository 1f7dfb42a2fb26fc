package io.cronlog.scheduler.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SafetyCheckTest {

  /** The decision thread's queue, run by hand. */
  private final Queue<Runnable> decisions = new ArrayDeque<>();

  private final AtomicInteger passes = new AtomicInteger();

  @Test
  void aPassDueWhileThePreviousIsQueuedIsSkippedNotQueued() {
    SafetyCheck check = new SafetyCheck(decisions::add, passes::incrementAndGet);

    check.run();
    check.run();
    check.run();

    assertThat(decisions).hasSize(1);
    assertThat(check.skipped()).isEqualTo(2);
  }

  @Test
  void aPassDueWhileThePreviousRunsIsSkipped() {
    SafetyCheck[] check = new SafetyCheck[1];
    // The pass itself outlasts the interval: the next one comes due while it runs.
    check[0] =
        new SafetyCheck(
            decisions::add,
            () -> {
              passes.incrementAndGet();
              check[0].run();
            });

    check[0].run();
    decisions.poll().run();

    assertThat(passes).hasValue(1);
    assertThat(decisions).isEmpty();
    assertThat(check[0].skipped()).isEqualTo(1);
  }

  @Test
  void theNextPassIsQueuedOnceThePreviousFinished() {
    SafetyCheck check = new SafetyCheck(decisions::add, passes::incrementAndGet);

    check.run();
    decisions.poll().run();
    check.run();

    assertThat(decisions).hasSize(1);
    assertThat(check.skipped()).isZero();
  }

  @Test
  void aPassThatFailedDoesNotHoldBackTheNext() {
    SafetyCheck check =
        new SafetyCheck(
            decisions::add,
            () -> {
              throw new IllegalStateException("a decision failed");
            });

    check.run();
    assertThatThrownBy(() -> decisions.poll().run()).isInstanceOf(IllegalStateException.class);
    check.run();

    assertThat(decisions).hasSize(1);
  }

  @Test
  void aPassRefusedByAStoppedDecisionThreadDoesNotHoldBackTheNext() {
    AtomicInteger refusals = new AtomicInteger();
    SafetyCheck check =
        new SafetyCheck(
            task -> {
              if (refusals.getAndIncrement() == 0) {
                throw new RejectedExecutionException("shutting down");
              }
              decisions.add(task);
            },
            passes::incrementAndGet);

    check.run();
    check.run();

    assertThat(decisions).hasSize(1);
  }
}
