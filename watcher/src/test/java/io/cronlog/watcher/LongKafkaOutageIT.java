package io.cronlog.watcher;

import static io.cronlog.watcher.Published.awaitEvents;
import static io.cronlog.watcher.Published.describe;
import static io.cronlog.watcher.Published.events;
import static io.cronlog.watcher.WatcherIT.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.records.ObservationRecord;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker stays away long enough for the producer's calls to time out again and again, as a 90 s
 * outage does with the default 30 s {@code CRONLOG_WATCHER_PUBLISH_TIMEOUT}. Here the timeout is 2
 * s, so each outage lasts until the watcher has gone through {@link #TIMEOUTS} failed producers:
 * the same sequence of events (a failed transaction, then producers whose initTransactions times
 * out, each closed and replaced), in a tenth of the time.
 */
@ExtendWith(KafkaExtension.class)
class LongKafkaOutageIT {

  /** Producers that time out during each outage: three, as in 90 s at the default 30 s. */
  private static final int TIMEOUTS = 3;

  private TeamApi api;
  private KubernetesClient client;

  @BeforeEach
  void startApi() throws Exception {
    api = TeamApi.start();
    client = api.client();
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  @Test
  void throughALongOutageOneProducerAtATimeIsOpenAndWhatChangedIsPublishedAfter(KafkaFixture kafka)
      throws Exception {
    try (Watcher watcher = startWatcher(kafka)) {
      await().atMost(Duration.ofSeconds(60)).until(watcher::isSynced);
      client.resource(scheduledJob("before", "* * * * *")).create();
      awaitEvents(kafka, 1);
      long openedBefore = watcher.openProducers().openedInAll();

      outage(
          kafka,
          () -> {
            client.resource(scheduledJob("during", "* * * * *")).create();
            awaitTimeouts(watcher, openedBefore);
            client.resource(scheduledJob("late-in-outage", "* * * * *")).create();
          });

      // A retried commit whose outcome was unknown may repeat a batch under the same ids, which
      // readers drop; so the events are compared by id.
      assertThat(describe(distinct(awaitEvents(kafka, 3))))
          .containsExactlyInAnyOrder(
              "ScheduledJob before ADDED",
              "ScheduledJob during ADDED",
              "ScheduledJob late-in-outage ADDED");
      assertThat(watcher.openProducers().mostAtOnce()).isEqualTo(1);
      assertThat(watcher.openProducers().now()).isEqualTo(1);
      assertThat(watcher.isRunning()).isTrue();
    }
  }

  @Test
  void aLeaderWhoseLeaseIsTakenDuringAnOutagePublishesNothingOnceKafkaIsBack(KafkaFixture kafka)
      throws Exception {
    try (Watcher watcher = startWatcher(kafka)) {
      await().atMost(Duration.ofSeconds(60)).until(watcher::isSynced);
      client.resource(scheduledJob("before", "* * * * *")).create();
      awaitEvents(kafka, 1);
      long openedBefore = watcher.openProducers().openedInAll();

      outage(
          kafka,
          () -> {
            client.resource(scheduledJob("during", "* * * * *")).create();
            awaitTimeouts(watcher, openedBefore);
            // Another holder takes the lease for an hour, as a partitioned leader finds on its
            // return.
            writeLease("someone-else", Duration.ofHours(1));
            await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> !watcher.isLeading() && watcher.openProducers().now() == 0);
            client.resource(scheduledJob("after-lease-lost", "* * * * *")).create();
          });

      // Kafka is back, and this watcher has no producer and no term: nothing it queued was
      // committed, neither before the lease was lost nor after.
      assertThat(watcher.openProducers().now()).isZero();
      assertThat(describe(events(kafka))).containsExactly("ScheduledJob before ADDED");

      // The other holder's lease ends: the watcher leads again and publishes what it had not, once.
      writeLease("someone-else", Duration.ofSeconds(1));
      List<ObservationRecord> events = awaitEvents(kafka, 3);
      assertThat(describe(events))
          .containsExactlyInAnyOrder(
              "ScheduledJob before ADDED",
              "ScheduledJob during ADDED",
              "ScheduledJob after-lease-lost ADDED");
      assertThat(watcher.openProducers().mostAtOnce()).isEqualTo(1);
      assertThat(watcher.isRunning()).isTrue();
    }
  }

  /**
   * Waits until {@link #TIMEOUTS} producers after the {@code openedBefore} first failed and were
   * replaced.
   */
  private static void awaitTimeouts(Watcher watcher, long openedBefore) {
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> watcher.openProducers().openedInAll() >= openedBefore + TIMEOUTS + 1);
  }

  /**
   * Stops the broker for as long as {@code whileStopped} takes, and starts it again even if that
   * fails.
   */
  private static void outage(KafkaFixture kafka, Runnable whileStopped) {
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    kafka.restart(
        () -> {
          try {
            whileStopped.run();
          } catch (RuntimeException e) {
            failed.set(e);
          }
        });
    if (failed.get() != null) {
      throw failed.get();
    }
  }

  /** Writes {@code holder} into the lease; the watcher renews often, so a 409 means read again. */
  private void writeLease(String holder, Duration duration) {
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptionsMatching(LongKafkaOutageIT::isConflict)
        .until(
            () -> {
              Lease lease = client.leases().withName("outage").get();
              lease.getSpec().setHolderIdentity(holder);
              lease.getSpec().setRenewTime(ZonedDateTime.now());
              lease.getSpec().setLeaseDurationSeconds(Math.toIntExact(duration.toSeconds()));
              return client.resource(lease).update() != null;
            });
  }

  private static boolean isConflict(Throwable error) {
    return error instanceof KubernetesClientException e
        && e.getCode() == HttpURLConnection.HTTP_CONFLICT;
  }

  private static List<ObservationRecord> distinct(List<ObservationRecord> events) {
    Map<String, ObservationRecord> byId = new LinkedHashMap<>();
    events.forEach(event -> byId.putIfAbsent(event.id(), event));
    return List.copyOf(byId.values());
  }

  private Watcher startWatcher(KafkaFixture kafka) throws Exception {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                KafkaSettings.BOOTSTRAP_SERVERS,
                kafka.bootstrapServers(),
                KafkaSettings.TOPIC_PREFIX,
                kafka.topicPrefix(),
                KafkaSettings.PARTITIONS,
                "3",
                WatcherConfig.TRANSACTIONAL_ID,
                kafka.topicPrefix() + "watcher",
                WatcherConfig.PUBLISH_TIMEOUT,
                "PT2S",
                WatcherConfig.LEASE_NAME,
                "outage",
                WatcherConfig.LEASE_IDENTITY,
                "watcher"));
    // As in LeaderElectionIT: short, but not so short that a busy machine misses renewals.
    env.putAll(
        Map.of(
            WatcherConfig.LEASE_DURATION,
            "PT10S",
            WatcherConfig.LEASE_RENEW_DEADLINE,
            "PT7S",
            WatcherConfig.LEASE_RETRY_PERIOD,
            "PT0.5S"));
    Watcher watcher =
        new Watcher(api.newClient(), WatcherConfig.fromEnvironment(env), Clock.systemUTC());
    watcher.start();
    return watcher;
  }
}
