package io.cronlog.watcher;

import static io.cronlog.watcher.WatcherIT.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.testsupport.MutableClock;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;

/**
 * The watcher's lifecycle on the fabric8 mock API in CRUD mode (which holds its Lease) and
 * MockProducers.
 */
@EnableKubernetesMockClient(crud = true)
class WatcherTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String IDENTITY = "watcher-0";

  KubernetesClient client;
  private final FakeKafka kafka = new FakeKafka();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));

  @Test
  void makesItsTopicsThenTakesTheLeaseAndPublishesEachChange() throws Exception {
    try (Watcher watcher = startedWatcher()) {
      await().atMost(WAIT).until(watcher::isSynced);
      assertThat(watcher.isLeading()).isTrue();
      assertThat(kafka.topicSetups).hasValue(1);
      assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(IDENTITY);

      client.resource(scheduledJob("report", "*/5 * * * *")).create();

      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertThat(kafka.events()).containsExactly("ScheduledJob report ADDED"));
    }
  }

  @Test
  void closeEndsTheTermAndLeavesNoProducerOpen() throws Exception {
    Watcher watcher = startedWatcher();
    await().atMost(WAIT).until(watcher::isSynced);

    watcher.close();

    assertThat(watcher.termination()).isCompleted();
    assertThat(watcher.isRunning()).isFalse();
    assertThat(watcher.isLeading()).isFalse();
    assertThat(kafka.openProducers.now()).isZero();
  }

  @Test
  void stopsForGoodWhenKafkaFencesItWhileLeading() throws Exception {
    try (Watcher watcher = startedWatcher()) {
      await().atMost(WAIT).until(watcher::isSynced);

      kafka.commitFailure =
          new ProducerFencedException("another watcher started with the transactional id");
      client.resource(scheduledJob("report", "*/5 * * * *")).create();

      assertThatThrownBy(() -> watcher.termination().get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(ProducerFencedException.class);
      assertThat(watcher.isRunning()).isFalse();
      await()
          .atMost(WAIT)
          .until(() -> !watcher.isLeading()); // its publishing thread ends just after
      assertThat(kafka.events()).isEmpty();
    }
  }

  @Test
  void stopsForGoodWhenKafkaRefusesItsTransactionalIdAtTheStartOfATerm() throws Exception {
    kafka.initFailure =
        new TransactionalIdAuthorizationException("not allowed to use the transactional id");

    try (Watcher watcher = startedWatcher()) {
      assertThatThrownBy(() -> watcher.termination().get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TransactionalIdAuthorizationException.class);
      assertThat(watcher.isSynced()).isFalse();
      assertThat(kafka.producers).hasSize(1); // no retry: it cannot mend a refusal
      assertThat(kafka.openProducers.now()).isZero();
    }
  }

  private Lease lease() {
    return client.leases().withName("watcher").get();
  }

  private Watcher startedWatcher() throws Exception {
    WatcherConfig config =
        WatcherConfig.fromEnvironment(
            Map.of(
                KafkaSettings.BOOTSTRAP_SERVERS,
                "kafka.invalid:9092",
                WatcherConfig.LEASE_NAME,
                "watcher",
                WatcherConfig.LEASE_IDENTITY,
                IDENTITY,
                WatcherConfig.LEASE_RETRY_PERIOD,
                "PT0.2S"));
    Watcher watcher = new Watcher(client, config, clock, new SimpleMeterRegistry(), kafka.kafka());
    watcher.start();
    return watcher;
  }
}
