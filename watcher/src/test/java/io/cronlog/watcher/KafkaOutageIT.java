package io.cronlog.watcher;

import static io.cronlog.watcher.Published.awaitEvents;
import static io.cronlog.watcher.WatcherIT.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.api.ScheduledJob;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The broker goes away in the middle of a burst of changes. */
@ExtendWith(KafkaExtension.class)
@EnableKubernetesMockClient(crud = true)
class KafkaOutageIT {

  private static final int OBJECTS = 40;
  KubernetesClient client;

  @Test
  void aBrokerRestartInTheMiddleOfABurstLosesNothingAndKeepsEachKeysOrder(KafkaFixture kafka)
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
            WatcherConfig.MAX_BATCH,
            "5",
            WatcherConfig.LEASE_NAME,
            "outage",
            WatcherConfig.LEASE_RETRY_PERIOD,
            "PT0.2S");
    try (Watcher watcher =
        new Watcher(client, WatcherConfig.fromEnvironment(env), Clock.systemUTC())) {
      watcher.start();
      // Versions made before the informers list are never seen, by design: only the latest is.
      await().atMost(Duration.ofSeconds(60)).until(watcher::isSynced);
      // Each object: created, suspended, resumed; three versions that must arrive in this order.
      Map<String, List<String>> expected = new LinkedHashMap<>();
      for (int i = 0; i < OBJECTS; i++) {
        if (i == OBJECTS / 2) {
          kafka.restart();
        }
        String name = "burst-" + i;
        ScheduledJob sj = client.resource(scheduledJob(name, "* * * * *")).create();
        List<String> versions = new ArrayList<>(List.of(sj.getMetadata().getResourceVersion()));
        sj.getSpec().setSuspend(true);
        sj = client.resource(sj).update();
        versions.add(sj.getMetadata().getResourceVersion());
        sj.getSpec().setSuspend(false);
        sj = client.resource(sj).update();
        versions.add(sj.getMetadata().getResourceVersion());
        expected.put(name, versions);
      }

      List<ObservationRecord> events = awaitEvents(kafka, OBJECTS * 3);
      // A retried commit whose first outcome was unknown may repeat a batch: the same ids again,
      // which readers drop. Anything else repeated, missing or reordered fails here.
      Set<String> seen = new HashSet<>();
      Map<String, List<String>> published = new LinkedHashMap<>();
      for (ObservationRecord event : events) {
        if (seen.add(event.id())) {
          ScheduledJobObserved observed = (ScheduledJobObserved) event;
          published
              .computeIfAbsent(observed.object().getMetadata().getName(), k -> new ArrayList<>())
              .add(observed.resourceVersion());
        }
      }
      assertThat(published).containsExactlyInAnyOrderEntriesOf(expected);
      assertThat(watcher.isRunning()).isTrue();
    }
  }
}
