package io.cronlog.watcher;

import static io.cronlog.watcher.Published.events;
import static io.cronlog.watcher.WatcherIT.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.Change;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kafka stays away longer than the queue holds: the watcher stops queueing (memory stays bounded)
 * and, once Kafka is back and the queue published, lists the cluster again and publishes what the
 * overflow skipped: every object's latest version, and its deletions.
 */
@ExtendWith(KafkaExtension.class)
@EnableKubernetesMockClient(crud = true)
class QueueOverflowIT {

  private static final int KEPT = 6;
  private static final int ADDED = 4;
  KubernetesClient client;

  @Test
  void aQueueFullWhileKafkaIsAwayEndsInAListThatPublishesEachObjectsLatestVersionInOrder(
      KafkaFixture kafka) throws Exception {
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
            WatcherConfig.QUEUE_CAPACITY,
            "4",
            WatcherConfig.QUEUE_FULL_TIMEOUT,
            "PT1S",
            WatcherConfig.MAX_BATCH,
            "2",
            WatcherConfig.LEASE_RETRY_PERIOD,
            "PT0.2S");
    try (Watcher watcher =
        new Watcher(client, WatcherConfig.fromEnvironment(env), Clock.systemUTC())) {
      watcher.start();
      await().atMost(Duration.ofSeconds(60)).until(watcher::isSynced);
      List<ScheduledJob> kept = new ArrayList<>();
      for (int i = 0; i < KEPT; i++) {
        kept.add(client.resource(scheduledJob("kept-" + i, "* * * * *")).create());
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> events(kafka).size() == KEPT);

      Map<String, String> latest = new HashMap<>(); // name -> last resourceVersion, or DELETED
      kafka.restart(
          () -> {
            for (ScheduledJob sj : kept) {
              for (int edit = 0; edit < 3; edit++) {
                sj.getSpec().setSuspend(edit % 2 == 0);
                sj = client.resource(sj).update();
              }
              latest.put(sj.getMetadata().getName(), sj.getMetadata().getResourceVersion());
            }
            for (int i = 0; i < 2; i++) {
              client.resource(kept.get(i)).delete();
              latest.put("kept-" + i, Change.DELETED.name());
            }
            for (int i = 0; i < ADDED; i++) {
              ScheduledJob created =
                  client.resource(scheduledJob("added-" + i, "* * * * *")).create();
              latest.put("added-" + i, created.getMetadata().getResourceVersion());
            }
            // The outage lasts until the queue stayed full for its timeout and the watcher stopped
            // queueing.
            await().atMost(Duration.ofSeconds(30)).until(watcher::overflowed);
          });

      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(() -> assertThat(lastSeen(events(kafka))).isEqualTo(latest));
      assertThat(watcher.relists())
          .as("the queue overflowed and the cluster was listed again")
          .isPositive();
      assertEachKeysVersionsAscend(events(kafka));
      assertThat(watcher.isRunning()).isTrue();
    }
  }

  /** Per name: the resourceVersion of its last event, or DELETED. */
  private static Map<String, String> lastSeen(List<ObservationRecord> events) {
    Map<String, String> last = new HashMap<>();
    for (ObservationRecord event : events) {
      String name = ((ScheduledJobObserved) event).object().getMetadata().getName();
      last.put(
          name, event.change() == Change.DELETED ? Change.DELETED.name() : event.resourceVersion());
    }
    return last;
  }

  /**
   * Nothing older is published after something newer (a retried commit may repeat one id; a
   * deletion found by a list carries the last version known, so it may equal the one before).
   */
  private static void assertEachKeysVersionsAscend(List<ObservationRecord> events) {
    Set<String> seen = new HashSet<>();
    Map<String, List<Long>> versions = new LinkedHashMap<>();
    for (ObservationRecord event : events) {
      if (seen.add(event.id())) {
        versions
            .computeIfAbsent(
                ((ScheduledJobObserved) event).object().getMetadata().getName(),
                name -> new ArrayList<>())
            .add(Long.parseLong(event.resourceVersion()));
      }
    }
    versions.forEach((name, list) -> assertThat(list).as(name).isSorted());
  }
}
