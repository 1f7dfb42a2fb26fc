package io.cronlog.scheduler.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SafetyCheckTest {

  /** The decision thread's queue, run by hand. */
  private final Queue<Runnable> decisions = new ArrayDeque<>();

  private final AtomicInteger passes = new AtomicInteger();

  @Test
  void aPassDueWhileThePreviousIsQueuedIsSkippedNotQueued() {
    SafetyCheck<String> check = onePass(decisions::add);

    check.run();
    check.run();
    check.run();

    assertThat(decisions).hasSize(1);
    assertThat(check.skipped()).isEqualTo(2);
  }

  @Test
  void aPassDueWhileThePreviousRunsIsSkipped() {
    List<SafetyCheck<String>> check = new ArrayList<>();
    // The pass itself outlasts the interval: the next one comes due while it runs.
    check.add(
        new SafetyCheck<>(
            decisions::add,
            () -> List.of("the one ScheduledJob"),
            key -> {
              passes.incrementAndGet();
              check.get(0).run();
            }));

    check.get(0).run();
    decisions.poll().run();

    assertThat(passes).hasValue(1);
    assertThat(decisions).isEmpty();
    assertThat(check.get(0).skipped()).isEqualTo(1);
  }

  @Test
  void theNextPassIsQueuedOnceThePreviousFinished() {
    SafetyCheck<String> check = onePass(decisions::add);

    check.run();
    decisions.poll().run();
    check.run();

    assertThat(decisions).hasSize(1);
    assertThat(check.skipped()).isZero();
  }

  @Test
  void aPassThatFailedDoesNotHoldBackTheNext() {
    SafetyCheck<String> check =
        new SafetyCheck<>(
            decisions::add,
            () -> List.of("the one ScheduledJob"),
            key -> {
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
    SafetyCheck<String> check =
        onePass(
            task -> {
              if (refusals.getAndIncrement() == 0) {
                throw new RejectedExecutionException("shutting down");
              }
              decisions.add(task);
            });

    check.run();
    check.run();

    assertThat(decisions).hasSize(1);
  }

  @Test
  void aRunWokenDuringAPassGoesBeforeThePassesNextSlice() {
    List<String> checked = new ArrayList<>();
    List<String> keys =
        IntStream.range(0, 2 * SafetyCheck.SLICE + 1).mapToObj(i -> "sj-" + i).toList();
    SafetyCheck<String> check =
        new SafetyCheck<>(
            decisions::add,
            () -> keys,
            key -> {
              checked.add(key);
              if (key.equals("sj-10")) {
                // A timer fires on its own thread while the first slice runs.
                decisions.add(() -> checked.add("woken by its timer"));
              }
            });

    check.run();
    while (!decisions.isEmpty()) {
      decisions.poll().run();
    }

    assertThat(checked).hasSize(keys.size() + 1);
    assertThat(checked.indexOf("woken by its timer")).isEqualTo(SafetyCheck.SLICE);
    assertThat(checked).containsAll(keys);
  }

  @Test
  void aPassDueWhileAnEarlierOneHasSlicesLeftIsSkipped() {
    List<String> keys = IntStream.range(0, SafetyCheck.SLICE + 1).mapToObj(i -> "sj-" + i).toList();
    SafetyCheck<String> check = new SafetyCheck<>(decisions::add, () -> keys, key -> {});

    check.run();
    decisions.poll().run();
    check.run();

    assertThat(check.skipped()).isEqualTo(1);
    decisions.poll().run();
    check.run();
    assertThat(decisions).hasSize(1);
  }

  /** A check whose passes each count one. */
  private SafetyCheck<String> onePass(Executor executor) {
    return new SafetyCheck<>(
        executor, () -> List.of("the one ScheduledJob"), key -> passes.incrementAndGet());
  }
}
