package io.cronlog.watcher;

import static io.cronlog.watcher.WatcherIT.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cronlog.records.ObservationRecord;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.testsupport.MutableClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One term on the fabric8 mock API in CRUD mode and MockProducers: no broker. */
@EnableKubernetesMockClient(crud = true)
class TermTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  KubernetesClient client;
  private final FakeKafka kafka = new FakeKafka();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
  private final AtomicBoolean leaseHeld = new AtomicBoolean(true);
  private final WatcherMetrics metrics = new WatcherMetrics(new SimpleMeterRegistry());
  private Term term;

  @AfterEach
  void closeTerm() {
    if (term != null) {
      term.close();
    }
  }

  @Test
  void publishesTheListedClusterThenEachChangeDatedByTheClock() throws Exception {
    client.resource(scheduledJob("listed", "* * * * *")).create();
    term = startedTerm(Map.of());
    await().atMost(WAIT).until(term::isSynced);
    assertThat(kafka.events()).containsExactly("ScheduledJob listed ADDED");

    clock.advance(Duration.ofMinutes(5));
    client.resource(scheduledJob("created", "* * * * *")).create();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kafka.events())
                    .containsExactly("ScheduledJob listed ADDED", "ScheduledJob created ADDED"));
    assertThat(kafka.observations())
        .extracting(ObservationRecord::time)
        .containsExactly(
            Instant.parse("2026-12-01T09:00:00Z"), Instant.parse("2026-12-01T09:05:00Z"));
    assertThat(kafka.keys("cronlog.state")).containsExactly("team-a/listed", "team-a/created");
  }

  @Test
  void stopsPublishingWhenTheLeaseIsLost() throws Exception {
    term = startedTerm(Map.of());
    await().atMost(WAIT).until(term::isSynced);

    leaseHeld.set(false);
    client.resource(scheduledJob("after", "* * * * *")).create();

    term.ended()
        .get(WAIT.toSeconds(), TimeUnit.SECONDS); // ends normally: the next leader publishes it
    assertThat(term.isAbandoned()).isTrue();
    assertThat(term.isSynced()).isFalse();
    assertThat(kafka.events()).isEmpty();
    await().atMost(WAIT).until(() -> kafka.openProducers.now() == 0);
  }

  @Test
  void endsWithKafkasErrorWhenFencedWhileLeading() throws Exception {
    term = startedTerm(Map.of());
    await().atMost(WAIT).until(term::isSynced);

    kafka.commitFailure =
        new ProducerFencedException("another watcher started with the transactional id");
    client.resource(scheduledJob("fenced", "* * * * *")).create();

    assertThatThrownBy(() -> term.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ProducerFencedException.class);
    assertThat(kafka.events()).isEmpty();
    await().atMost(WAIT).until(() -> kafka.openProducers.now() == 0);
  }

  @Test
  void retriesItsStartWhileKafkaIsAwayWithOneProducerOpenAtATime() throws Exception {
    kafka.initFailures.set(2);
    client.resource(scheduledJob("listed", "* * * * *")).create();

    term = startedTerm(Map.of());

    await().atMost(WAIT).until(term::isSynced);
    assertThat(kafka.events()).containsExactly("ScheduledJob listed ADDED");
    assertThat(kafka.producers).hasSize(3);
    assertThat(kafka.openProducers.mostAtOnce()).isEqualTo(1);
  }

  @Test
  @Timeout(20) // a start that retried would go on until the lease was lost
  void failsItsStartWithoutRetryingWhenAuthenticationFails() {
    kafka.initFailure = new SaslAuthenticationException("bad password");

    assertThatThrownBy(() -> startedTerm(Map.of())).isInstanceOf(SaslAuthenticationException.class);

    assertThat(kafka.producers).hasSize(1); // no retry: new credentials need a restart anyway
    assertThat(kafka.openProducers.now()).isZero();
  }

  @Test
  void opensNoProducerWhenAbandonedBeforeItStarted() throws Exception {
    term = new Term(client, config(Map.of()), clock, kafka.kafka(), metrics, leaseHeld::get);

    term.abandon();
    term.start();

    assertThat(term.ended()).isCompleted();
    assertThat(term.isPublishing()).isFalse();
    assertThat(kafka.producers).isEmpty();
  }

  @Test
  void listsTheClusterAgainOnceTheQueueThatOverflowedWhileKafkaWasAwayIsPublished()
      throws Exception {
    term =
        startedTerm(
            Map.of(
                WatcherConfig.QUEUE_CAPACITY,
                "1",
                WatcherConfig.QUEUE_FULL_TIMEOUT,
                "PT0.3S",
                WatcherConfig.MAX_BATCH,
                "1"));
    await().atMost(WAIT).until(term::isSynced);

    kafka.commitFailure = new KafkaException("the broker is away");
    for (int i = 0; i < 4; i++) {
      client.resource(scheduledJob("burst-" + i, "* * * * *")).create();
    }
    await().atMost(WAIT).until(term::overflowed);
    assertThat(metrics.relists()).as("not before the queue is published").isZero();
    kafka.commitFailure = null;

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kafka.events())
                    .containsExactlyInAnyOrder(
                        "ScheduledJob burst-0 ADDED",
                        "ScheduledJob burst-1 ADDED",
                        "ScheduledJob burst-2 ADDED",
                        "ScheduledJob burst-3 ADDED"));
    assertThat(metrics.relists()).isEqualTo(1.0);
    await().atMost(WAIT).until(term::isSynced);
  }

  private Term startedTerm(Map<String, String> settings) throws InterruptedException {
    Term started =
        new Term(client, config(settings), clock, kafka.kafka(), metrics, leaseHeld::get);
    term = started;
    started.start();
    return started;
  }

  private static WatcherConfig config(Map<String, String> settings) {
    Map<String, String> env = new HashMap<>(settings);
    env.put(
        KafkaSettings.BOOTSTRAP_SERVERS,
        "kafka.invalid:9092"); // never dialled: FakeKafka stands in
    return WatcherConfig.fromEnvironment(env);
  }
}
