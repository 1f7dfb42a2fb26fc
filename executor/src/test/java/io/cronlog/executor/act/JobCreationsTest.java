package io.cronlog.executor.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobCreationsTest {

  final JobCreations creations = new JobCreations();
  final CountDownLatch creating = new CountDownLatch(1);
  final CountDownLatch created = new CountDownLatch(1);

  /** A Job creation under way until the test lets it finish. */
  private CompletableFuture<String> creationUnderWay() throws InterruptedException {
    CompletableFuture<String> job =
        CompletableFuture.supplyAsync(
            () ->
                creations.during(
                    () -> {
                      creating.countDown();
                      try {
                        created.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return "report-28512345";
                    }));
    assertThat(creating.await(10, TimeUnit.SECONDS)).isTrue();
    return job;
  }

  @Test
  void bookkeepingWaitsWhileAJobIsBeingCreatedAndGoesOnOnceItIs() throws Exception {
    CompletableFuture<String> job = creationUnderWay();

    CompletableFuture<Void> bookkeeping =
        CompletableFuture.runAsync(() -> creations.yieldTo(Duration.ofMinutes(1)));

    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !bookkeeping.isDone());
    created.countDown();
    assertThat(job.get(10, TimeUnit.SECONDS)).isEqualTo("report-28512345");
    bookkeeping.get(10, TimeUnit.SECONDS);
  }

  @Test
  void bookkeepingWaitsForJobCreationsOnlySoLong() throws Exception {
    CompletableFuture<String> job = creationUnderWay();

    boolean paused = creations.yieldTo(Duration.ofMillis(50));

    assertThat(paused).isFalse();
    assertThat(job).isNotDone();
    created.countDown();
    job.get(10, TimeUnit.SECONDS);
  }

  @Test
  void withNoJobBeingCreatedBookkeepingGoesOnAtOnce() throws Exception {
    assertThat(
            CompletableFuture.supplyAsync(() -> creations.yieldTo(Duration.ofDays(1)))
                .get(10, TimeUnit.SECONDS))
        .isTrue();
  }
}
