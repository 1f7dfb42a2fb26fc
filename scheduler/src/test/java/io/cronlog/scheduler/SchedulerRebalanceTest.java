package io.cronlog.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.records.config.KafkaSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    service = new SchedulerService(SchedulerConfig.fromEnvironment(Map.of(
        KafkaSettings.BOOTSTRAP_SERVERS, "localhost:9", KafkaSettings.TOPIC_PREFIX, "rebalance.")),
        Clock.systemUTC(), registry);
  }

  @AfterEach
  void closeService() {
    release.countDown();
    service.close();
  }

  @Test
  void aRevocationWhoseHandOverOutlastsTheOldThirtySecondLimitWaitsForItWithoutAThrow() throws Exception {
    holdTheDecisionThread();
    CompletableFuture<Void> revoking = new CompletableFuture<>();
    Thread consumerThread = new Thread(() -> {
      try {
        service.consumerListener().onRevoked(List.of(0, 1));
        revoking.complete(null);
      } catch (RuntimeException e) {
        revoking.completeExceptionally(e);
      }
    }, "test-consumer");
    consumerThread.start();

    // The listener used to throw after 30 s, which killed the consumer thread.
    await().during(Duration.ofSeconds(32)).atMost(Duration.ofSeconds(40)).until(() -> !revoking.isDone());
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

  /** Blocks every decision thread until the test releases them, and waits until they are blocked. */
  private void holdTheDecisionThread() {
    CountDownLatch held = new CountDownLatch(service.decisionThreads().count());
    service.decisionThreads().submitToEach(() -> {
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
