package io.cronlog.watcher;

import static io.cronlog.watcher.Published.awaitEvents;
import static io.cronlog.watcher.Published.describe;
import static io.cronlog.watcher.WatcherIT.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two watchers lead at once under one transactional id, and Kafka's fencing alone keeps one
 * publisher. On the dev API: fabric8's mock server could hang 10 s on a request after one watcher
 * was fenced, which made this test fail about once in seven runs.
 */
@ExtendWith(KafkaExtension.class)
class FencedWatcherIT {

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
  void ofTwoLeadingWatchersWithOneIdTheFencedOneStopsAndOnlyTheOtherPublishes(KafkaFixture kafka)
      throws Exception {
    // Two leases for one transactional id: a misconfiguration that makes both lead; fencing still
    // holds. Which of the two registers the id last depends on when each wins its lease.
    // Each replica has its own client, as two processes would: one replica's teardown after it is
    // fenced must not hold up the other's requests or the test's.
    try (KubernetesClient firstClient = api.newClient();
        KubernetesClient secondClient = api.newClient();
        Watcher first = startWatcher(kafka, "lease-a", firstClient);
        Watcher second = startWatcher(kafka, "lease-b", secondClient)) {
      client.resource(scheduledJob("fenced", "* * * * *")).create();

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> first.termination().isDone() || second.termination().isDone());
      Watcher fenced = first.termination().isDone() ? first : second;
      Watcher survivor = fenced == first ? second : first;
      assertThat(fenced.termination()).isCompletedExceptionally();
      assertThat(describe(awaitEvents(kafka, 1))).containsExactly("ScheduledJob fenced ADDED");
      client.resource(scheduledJob("after", "* * * * *")).create();
      assertThat(describe(awaitEvents(kafka, 2)))
          .containsExactlyInAnyOrder("ScheduledJob fenced ADDED", "ScheduledJob after ADDED");
      assertThat(survivor.isRunning()).isTrue();
    }
  }

  private Watcher startWatcher(KafkaFixture kafka, String lease, KubernetesClient watcherClient)
      throws Exception {
    Map<String, String> env =
        Map.of(
            KafkaSettings.BOOTSTRAP_SERVERS,
            kafka.bootstrapServers(),
            KafkaSettings.TOPIC_PREFIX,
            kafka.topicPrefix(),
            KafkaSettings.PARTITIONS,
            "3",
            WatcherConfig.TRANSACTIONAL_ID,
            kafka.topicPrefix() + "watcher",
            WatcherConfig.LEASE_NAME,
            lease,
            WatcherConfig.LEASE_RETRY_PERIOD,
            "PT0.2S");
    Watcher watcher =
        new Watcher(watcherClient, WatcherConfig.fromEnvironment(env), Clock.systemUTC());
    watcher.start();
    return watcher;
  }
}
