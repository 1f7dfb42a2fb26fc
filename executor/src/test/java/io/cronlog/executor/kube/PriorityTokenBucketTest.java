package io.cronlog.executor.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cronlog.executor.kube.PriorityTokenBucket.Priority;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PriorityTokenBucketTest {

  static final long MS = 1_000_000L;

  final AtomicLong now = new AtomicLong(1_000_000 * MS);

  /** 10 a second (one every 100 ms), 3 at once. */
  final PriorityTokenBucket bucket = new PriorityTokenBucket(10, 3, now::get);

  @Test
  void letsABurstThroughAtOnceThenTheSteadyRate() {
    assertThat(bucket.reserve(now.get())).isZero();
    assertThat(bucket.reserve(now.get())).isZero();
    assertThat(bucket.reserve(now.get())).isZero();
    assertThat(bucket.reserve(now.get())).isEqualTo(100 * MS);
    assertThat(bucket.reserve(now.get())).isEqualTo(200 * MS);
  }

  @Test
  void refillsWhileIdleButNeverBeyondTheBurst() {
    drainBurst();
    now.addAndGet(10_000 * MS);

    assertThat(bucket.reserve(now.get())).isZero();
    assertThat(bucket.reserve(now.get())).isZero();
    assertThat(bucket.reserve(now.get())).isZero();
    assertThat(bucket.reserve(now.get())).isEqualTo(100 * MS);
  }

  @Test
  void aTokenFreedByTimeIsAvailableAgain() {
    drainBurst();
    now.addAndGet(100 * MS);

    assertThat(bucket.reserve(now.get())).isZero();
    assertThat(bucket.reserve(now.get())).isEqualTo(100 * MS);
  }

  @Test
  void deferrableCallersShareTheSameBurstAndRate() {
    assertThat(bucket.tryTakeSpare(now.get())).isZero();
    assertThat(bucket.reserve(now.get())).isZero();
    assertThat(bucket.tryTakeSpare(now.get())).isZero();

    // The burst is spent by both kinds together; the next token is 100 ms away for either.
    assertThat(bucket.tryTakeSpare(now.get())).isEqualTo(100 * MS);
    now.addAndGet(100 * MS);
    assertThat(bucket.tryTakeSpare(now.get())).isZero();
    assertThat(bucket.reserve(now.get())).isEqualTo(100 * MS);
  }

  @Test
  void aDeferrableCallerIsServedAtOnceWhenATokenIsFreeAndNoPromptCallerWaits() {
    assertThat(bucket.tryTakeSpare(now.get())).isZero();
  }

  @Test
  void aDeferrableCallerThatFindsNoTokenTakesNoneAndIsToldWhenTheNextComes() {
    drainBurst();
    now.addAndGet(30 * MS);

    assertThat(bucket.tryTakeSpare(now.get())).isEqualTo(70 * MS);
    assertThat(bucket.tryTakeSpare(now.get())).isEqualTo(70 * MS);
    // Asking took nothing: a prompt caller still gets the very next token.
    assertThat(bucket.reserve(now.get())).isEqualTo(70 * MS);
  }

  @Test
  void aPromptCallerThatComesWhileADeferrableOneWaitsIsServedFirst() {
    drainBurst();
    long deferrableWait = bucket.tryTakeSpare(now.get());
    assertThat(deferrableWait).isEqualTo(100 * MS);

    now.addAndGet(50 * MS);
    assertThat(bucket.reserve(now.get())).as("the prompt caller's wait").isEqualTo(50 * MS);

    // When the deferrable caller asks again, the token it was waiting for went to the prompt
    // caller.
    now.addAndGet(50 * MS);
    assertThat(bucket.tryTakeSpare(now.get())).isEqualTo(100 * MS);
  }

  @Test
  void noDeferrableCallerIsServedWhilePromptCallersWaitForReservedTokens() {
    long drained = drainBurst();
    for (int i = 0; i < 5; i++) {
      bucket.reserve(now.get());
    }
    // Five prompt calls are due at +100 ms to +500 ms: until the last of them, nothing is spare.
    for (long t = 0; t < 600; t += 50) {
      now.set(drained + t * MS);
      assertThat(bucket.tryTakeSpare(now.get())).as("at +%d ms", t).isPositive();
    }
  }

  @Test
  void deferrableCallersAreServedAtTheSteadyRateOnceThePromptCallersStop() {
    long drained = drainBurst();
    for (int i = 0; i < 5; i++) {
      bucket.reserve(now.get());
    }
    // The last prompt call is due at +500 ms; the next token, at +600 ms, is spare.
    now.set(drained + 500 * MS);
    assertThat(bucket.tryTakeSpare(now.get())).isEqualTo(100 * MS);
    now.set(drained + 600 * MS);
    assertThat(bucket.tryTakeSpare(now.get())).isZero();
    assertThat(bucket.tryTakeSpare(now.get())).isEqualTo(100 * MS);
    now.set(drained + 700 * MS);
    assertThat(bucket.tryTakeSpare(now.get())).isZero();
  }

  @Test
  void acquireLetsTheBurstThroughWithoutWaitingForEitherPriority() throws InterruptedException {
    PriorityTokenBucket real = new PriorityTokenBucket(new RateLimit(0.001, 2));

    real.acquire(Priority.PROMPT);
    real.acquire(Priority.DEFERRABLE);
    // A third would wait 1000 s: the burst of two was there at once, and now it is spent.
    assertThat(real.tryTakeSpare(System.nanoTime())).isPositive();
  }

  @Test
  void aDeferrableCallerInterruptedWhileWaitingStopsWaitingAndGivesUpItsTurn() throws Exception {
    PriorityTokenBucket real = new PriorityTokenBucket(new RateLimit(0.001, 1));
    real.acquire(Priority.PROMPT);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                real.acquire(Priority.DEFERRABLE);
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    waiter.start();
    waiter.interrupt();
    waiter.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(waiter.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    // Its turn was given back: the next deferrable caller is refused by the bucket, not by the
    // turn.
    Thread next =
        new Thread(
            () -> {
              try {
                real.acquire(Priority.DEFERRABLE);
              } catch (InterruptedException e) {
                thrown.set(e);
              }
            });
    thrown.set(null);
    next.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> next.getState() == Thread.State.TIMED_WAITING);
    next.interrupt();
    next.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void refusesANonPositiveRateOrBurst() {
    assertThatThrownBy(() -> new PriorityTokenBucket(0, 1, now::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PriorityTokenBucket(1, 0, now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Spends the saved-up tokens and returns when: the next token is due 100 ms later. */
  private long drainBurst() {
    for (int i = 0; i < 3; i++) {
      assertThat(bucket.reserve(now.get())).isZero();
    }
    return now.get();
  }
}
