package io.cronlog.watcher;

import static io.cronlog.watcher.Published.awaitEvents;
import static io.cronlog.watcher.Published.describe;
import static io.cronlog.watcher.Published.events;
import static io.cronlog.watcher.WatcherIT.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.api.ScheduledJob;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two watchers campaign for one Lease on the dev API, which answers 409 to a stale update. */
@ExtendWith(KafkaExtension.class)
class LeaderElectionIT {

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
  void onlyTheLeaderPublishesAndTheFollowerTakesOverWithWhatChangedMeanwhileOnce(KafkaFixture kafka)
      throws Exception {
    // Distinct transactional ids, so that fencing cannot hide a follower that publishes: it would
    // show as a second copy of each event.
    ScheduledJob kept;
    ScheduledJob edited;
    ScheduledJob removed;
    try (Watcher first = startWatcher(kafka, "first")) {
      await().atMost(Duration.ofSeconds(30)).until(first::isLeading);
      try (Watcher second = startWatcher(kafka, "second")) {
        kept = client.resource(scheduledJob("kept", "* * * * *")).create();
        edited = client.resource(scheduledJob("edited", "* * * * *")).create();
        removed = client.resource(scheduledJob("removed", "* * * * *")).create();
        assertThat(describe(awaitEvents(kafka, 3)))
            .containsExactlyInAnyOrder(
                "ScheduledJob kept ADDED",
                "ScheduledJob edited ADDED",
                "ScheduledJob removed ADDED");
        assertThat(second.isLeading()).isFalse();

        first.close();
        edited.getSpec().setSuspend(true);
        client.resource(edited).update();
        client.resource(removed).delete();
        client.resource(scheduledJob("added", "* * * * *")).create();

        await().atMost(Duration.ofSeconds(30)).until(second::isLeading);
        List<ObservationRecord> events = awaitEvents(kafka, 6);
        assertThat(describe(events))
            .containsExactlyInAnyOrder(
                "ScheduledJob kept ADDED",
                "ScheduledJob edited ADDED",
                "ScheduledJob removed ADDED",
                "ScheduledJob edited MODIFIED",
                "ScheduledJob removed DELETED",
                "ScheduledJob added ADDED");
        // Nothing more comes: the takeover published the differences and nothing unchanged.
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(20))
            .until(() -> events(kafka).size() == 6);
      }
    }
  }

  @Test
  void aLeaderWhoseLeaseIsTakenStopsPublishingAtOnceAndCampaignsAgain(KafkaFixture kafka)
      throws Exception {
    try (Watcher watcher = startWatcher(kafka, "only")) {
      await().atMost(Duration.ofSeconds(30)).until(watcher::isLeading);
      client.resource(scheduledJob("before", "* * * * *")).create();
      awaitEvents(kafka, 1);

      // Another holder writes itself into the lease, as a partitioned leader would see on its
      // return.
      // The watcher renews every 0.5 s, so a read-modify-write can meet a 409: read again and
      // retry.
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptionsMatching(LeaderElectionIT::isConflict)
          .until(
              () -> {
                Lease lease = client.leases().withName("watcher").get();
                lease.getSpec().setHolderIdentity("someone-else");
                lease.getSpec().setRenewTime(ZonedDateTime.now());
                lease.getSpec().setLeaseDurationSeconds(5);
                return client.resource(lease).update() != null;
              });
      await().atMost(Duration.ofSeconds(20)).until(() -> !watcher.isLeading());
      client.resource(scheduledJob("while-not-leading", "* * * * *")).create();
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(20))
          .until(() -> events(kafka).size() == 1);

      // The other holder's lease expires without renewal: the watcher leads again and catches up.
      await().atMost(Duration.ofSeconds(30)).until(watcher::isLeading);
      assertThat(describe(awaitEvents(kafka, 2)))
          .containsExactlyInAnyOrder(
              "ScheduledJob before ADDED", "ScheduledJob while-not-leading ADDED");
      assertThat(watcher.isRunning()).isTrue();
    }
  }

  private static boolean isConflict(Throwable error) {
    return error instanceof KubernetesClientException e
        && e.getCode() == HttpURLConnection.HTTP_CONFLICT;
  }

  private Watcher startWatcher(KafkaFixture kafka, String identity) throws Exception {
    Map<String, String> env =
        Map.of(
            KafkaSettings.BOOTSTRAP_SERVERS,
            kafka.bootstrapServers(),
            KafkaSettings.TOPIC_PREFIX,
            kafka.topicPrefix(),
            KafkaSettings.PARTITIONS,
            "3",
            WatcherConfig.TRANSACTIONAL_ID,
            kafka.topicPrefix() + identity,
            WatcherConfig.LEASE_NAME,
            "watcher",
            WatcherConfig.LEASE_IDENTITY,
            identity,
            // Short, but not so short that a busy test machine misses renewals (a new client's
            // first
            // response takes seconds to deserialize on a loaded CPU).
            WatcherConfig.LEASE_DURATION,
            "PT10S",
            WatcherConfig.LEASE_RENEW_DEADLINE,
            "PT7S",
            WatcherConfig.LEASE_RETRY_PERIOD,
            "PT0.5S");
    Watcher watcher =
        new Watcher(api.newClient(), WatcherConfig.fromEnvironment(env), Clock.systemUTC());
    watcher.start();
    return watcher;
  }
}
