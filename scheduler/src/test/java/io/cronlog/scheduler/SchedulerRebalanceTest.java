package io.cronlog.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.runtime.config.KafkaSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's rebalance listener and safety check, driven by hand while its decision thread is
 * held up: no broker (the producer points nowhere and is never asked to send).
 */
class SchedulerRebalanceTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CountDownLatch release = new CountDownLatch(1);
  private SchedulerService service;

  @BeforeEach
  void createService() throws Exception {
    service = schedulerWithDecisionThreads(1);
  }

  private SchedulerService schedulerWithDecisionThreads(int threads) throws Exception {
    return new SchedulerService(
        SchedulerConfig.fromEnvironment(
            Map.of(
                KafkaSettings.BOOTSTRAP_SERVERS,
                "localhost:9",
                KafkaSettings.TOPIC_PREFIX,
                "rebalance.",
                SchedulerConfig.DECISION_THREADS,
                Integer.toString(threads))),
        Clock.systemUTC(),
        registry);
  }

  @AfterEach
  void closeService() {
    release.countDown();
    service.close();
  }

  @Test
  void aRevocationWhoseHandOverOutlastsTheOldThirtySecondLimitWaitsForItWithoutAThrow()
      throws Exception {
    holdTheDecisionThread();
    CompletableFuture<Void> revoking = new CompletableFuture<>();
    Thread consumerThread =
        new Thread(
            () -> {
              try {
                service.consumerListener().onRevoked(List.of(0, 1));
                revoking.complete(null);
              } catch (RuntimeException e) {
                revoking.completeExceptionally(e);
              }
            },
            "test-consumer");
    consumerThread.start();

    // The listener used to throw after 30 s, which killed the consumer thread.
    await()
        .during(Duration.ofSeconds(32))
        .atMost(Duration.ofSeconds(40))
        .until(() -> !revoking.isDone());
    release.countDown();

    revoking.get(10, TimeUnit.SECONDS);
    assertThat(revoking).isCompleted().isNotCompletedExceptionally();
  }

  @Test
  void safetyChecksDueWhileTheDecisionThreadIsHeldUpQueueOnePass() {
    holdTheDecisionThread();

    for (int due = 0; due < 5; due++) {
      service.safetyCheck().run();
    }

    assertThat(registry.get("cronlog.scheduler.decision.queue").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void safetyChecksDueWhileEveryDecisionThreadIsHeldUpQueueOnePassOnEach() throws Exception {
    service.close();
    registry.clear();
    service = schedulerWithDecisionThreads(3);
    holdTheDecisionThread();

    for (int due = 0; due < 5; due++) {
      service.safetyCheck().run();
    }

    assertThat(registry.get("cronlog.scheduler.decision.queue").gauge().value()).isEqualTo(3.0);
  }

  @Test
  void aRevocationWaitsForTheHandOverOfEveryDecisionThread() throws Exception {
    service.close();
    service = schedulerWithDecisionThreads(3);
    CountDownLatch oneReleased = new CountDownLatch(1);
    CountDownLatch othersHeld = new CountDownLatch(2);
    AtomicInteger arrived = new AtomicInteger();
    service
        .decisionThreads()
        .submitToEach(
            () -> {
              try {
                if (arrived.getAndIncrement() == 0) {
                  oneReleased.await(); // the slowest of them
                } else {
                  othersHeld.countDown();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> othersHeld.getCount() == 0);
    CompletableFuture<Void> revoking =
        CompletableFuture.runAsync(() -> service.consumerListener().onRevoked(List.of(0)));

    // Two threads have handed over; the third has not: the rebalance still waits.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !revoking.isDone());
    oneReleased.countDown();

    revoking.get(10, TimeUnit.SECONDS);
  }

  /**
   * Blocks every decision thread until the test releases them, and waits until they are blocked.
   */
  private void holdTheDecisionThread() {
    CountDownLatch held = new CountDownLatch(service.decisionThreads().count());
    service
        .decisionThreads()
        .submitToEach(
            () -> {
              held.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> held.getCount() == 0);
  }
}
