package io.cronlog.executor.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JobCreationsTest {

  final JobCreations creations = new JobCreations();

  @Test
  void bookkeepingWaitsWhileAJobIsBeingCreatedAndGoesOnOnceTheCreationsAreQuiet() throws Exception {
    HeldCreation job = new HeldCreation(creations);

    CompletableFuture<Boolean> bookkeeping =
        CompletableFuture.supplyAsync(
            () -> creations.yieldTo(System.nanoTime(), Duration.ofMinutes(1)));

    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !bookkeeping.isDone());
    job.end();
    assertThat(job.creation().get(10, TimeUnit.SECONDS)).isEqualTo(HeldCreation.REPORT);
    assertThat(bookkeeping.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void theGapsBetweenTheCreationsOfABurstDoNotLetBookkeepingGo() throws Exception {
    // A quiet spell longer than any stall of a busy test machine between two creations.
    Duration quiet = Duration.ofSeconds(1);
    JobCreations creations = new JobCreations(quiet, Duration.ofMinutes(1));
    AtomicLong lastCreated = new AtomicLong();
    CompletableFuture<Void> burst =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; i < 10; i++) {
                creations.during(
                    () -> {
                      sleep(20);
                      lastCreated.set(System.nanoTime());
                      return null;
                    });
                sleep(5); // one worker between two commands: no creation under way
              }
            });
    sleep(10);

    boolean mayGo = creations.yieldTo(System.nanoTime(), Duration.ofMinutes(1));
    long wentAt = System.nanoTime();

    burst.get(10, TimeUnit.SECONDS);
    assertThat(mayGo).isTrue();
    assertThat(wentAt - lastCreated.get()).isGreaterThanOrEqualTo(quiet.toNanos());
  }

  @Test
  void bookkeepingWaitsForJobCreationsAtMostItsLongestFromWhenItWasAskedFor() throws Exception {
    JobCreations bounded = new JobCreations(JobCreations.QUIET, Duration.ofMillis(200));
    HeldCreation job = new HeldCreation(bounded);

    boolean askedLongAgo =
        bounded.yieldTo(System.nanoTime() - Duration.ofMillis(200).toNanos(), Duration.ZERO);
    long start = System.nanoTime();
    boolean askedNow = bounded.yieldTo(start, Duration.ofMinutes(1));

    assertThat(askedLongAgo).isTrue();
    assertThat(askedNow).isTrue();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    assertThat(job.creation()).isNotDone();
    job.end();
    job.creation().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aYieldCutShortSaysTheBookkeepingMayNotGoYet() throws Exception {
    HeldCreation job = new HeldCreation(creations);

    boolean mayGo = creations.yieldTo(System.nanoTime(), Duration.ofMillis(50));

    assertThat(mayGo).isFalse();
    assertThat(job.creation()).isNotDone();
    job.end();
    job.creation().get(10, TimeUnit.SECONDS);
  }

  @Test
  void withNoJobBeingCreatedBookkeepingGoesOnAtOnce() throws Exception {
    assertThat(
            CompletableFuture.supplyAsync(
                    () -> creations.yieldTo(System.nanoTime(), Duration.ofDays(1)))
                .get(10, TimeUnit.SECONDS))
        .isTrue();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
