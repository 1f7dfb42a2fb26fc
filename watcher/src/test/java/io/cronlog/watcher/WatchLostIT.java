package io.cronlog.watcher;

import static io.cronlog.watcher.Published.awaitEvents;
import static io.cronlog.watcher.Published.describe;
import static io.cronlog.watcher.Published.events;
import static io.cronlog.watcher.WatcherIT.ownedJob;
import static io.cronlog.watcher.WatcherIT.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.api.ScheduledJob;
import io.cronlog.devkube.DevKubernetesApi;
import io.cronlog.records.Change;
import io.cronlog.records.JobObserved;
import io.cronlog.records.JobSummary;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import io.cronlog.testsupport.TopicSnapshot;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The watcher loses its watches, and the dev API moves past the versions they would resume from:
 * the API answers 410 Expired, fabric8's informers list again, and the watcher publishes exactly
 * what changed meanwhile.
 */
@ExtendWith(KafkaExtension.class)
class WatchLostIT {

  private static final String NS = "team-a";

  /** How many changes the API keeps for resuming watches; fewer than the fillers alone. */
  private static final int HISTORY = 5;

  private static final int FILLERS = HISTORY + 1;

  private final RecordCodec codec = new RecordCodec();
  private DevKubernetesApi api;
  private KubernetesClient client;

  @BeforeEach
  void startApi() throws Exception {
    api = DevKubernetesApi.start(0, Clock.systemUTC(), HISTORY);
    client = api.newClient();
    try (InputStream yaml =
        getClass()
            .getClassLoader()
            .getResourceAsStream("META-INF/fabric8/" + ScheduledJob.CRD_NAME + "-v1.yml")) {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().load(yaml).item();
      client.resource(crd).create();
    }
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  @AfterEach
  void stopApi() {
    client.close();
    api.close();
  }

  @Test
  void aResumeTooOldForTheApiIsExpiredAndTheRelistPublishesExactlyWhatChangedMeanwhile(
      KafkaFixture kafka) throws Exception {
    try (KubernetesClient watcherClient = api.newClient();
        Watcher watcher = startWatcher(kafka, watcherClient)) {
      await().atMost(Duration.ofSeconds(30)).until(watcher::isSynced);
      // Made while watching, so that both informers' watches have seen events before they are cut:
      // fabric8 takes a watch that ends before its first event for a 410 of its own and relists.
      ScheduledJob a = client.resource(scheduledJob("a", "* * * * *")).create();
      ScheduledJob b = client.resource(scheduledJob("b", "* * * * *")).create();
      ScheduledJob c = client.resource(scheduledJob("c", "* * * * *")).create();
      Job job = client.resource(ownedJob(a, "a-1")).create();
      List<String> before =
          List.of(
              "ScheduledJob a ADDED",
              "ScheduledJob b ADDED",
              "ScheduledJob c ADDED",
              "Job a-1 ADDED");
      assertThat(describe(awaitEvents(kafka, before.size())))
          .containsExactlyInAnyOrderElementsOf(before);

      long expiredBefore = api.expiredWatches();
      api.suspendWatches();
      client.resource(b).delete();
      c.getSpec().setSuspend(true);
      ScheduledJob editedC = client.resource(c).update();
      ScheduledJob d = client.resource(scheduledJob("d", "* * * * *")).create();
      client.resource(job).delete();
      Map<String, String> fillerVersions = changePastTheHistoryAndResumeWatches();

      List<String> meanwhile =
          new ArrayList<>(
              List.of(
                  "ScheduledJob b DELETED",
                  "ScheduledJob c MODIFIED",
                  "ScheduledJob d ADDED",
                  "Job a-1 DELETED"));
      fillerVersions.keySet().forEach(name -> meanwhile.add("ScheduledJob " + name + " ADDED"));
      // The last callback of each relist: its deletes come after its adds and updates.
      List<ObservationRecord> events =
          awaitEventsUpToAMarker(
              kafka,
              list -> list.containsAll(List.of("ScheduledJob b DELETED", "Job a-1 DELETED")));

      assertThat(api.expiredWatches() - expiredBefore)
          .as("410 Expired answers to the two informers' resumes")
          .isGreaterThanOrEqualTo(2);
      List<String> expected = new ArrayList<>(before);
      expected.addAll(meanwhile);
      expected.add("ScheduledJob marker ADDED");
      assertThat(describe(events)).containsExactlyInAnyOrderElementsOf(expected);
      // A delete inferred from a relist carries the last state the informer knew; one seen on a
      // watch would carry the deletion's newer version.
      assertThat(versionOf(events, "ScheduledJob b DELETED"))
          .isEqualTo(b.getMetadata().getResourceVersion());
      assertThat(versionOf(events, "Job a-1 DELETED"))
          .isEqualTo(job.getMetadata().getResourceVersion());

      Map<String, ScheduledJobState> state = lastStatePerKey(kafka);
      assertThat(state).containsKeys(NS + "/b").containsEntry(NS + "/b", null);
      assertThat(state.get(NS + "/a").scheduledJob().getMetadata().getResourceVersion())
          .isEqualTo(a.getMetadata().getResourceVersion());
      assertThat(state.get(NS + "/a").jobs()).isEmpty();
      assertThat(state.get(NS + "/c").scheduledJob().getMetadata().getResourceVersion())
          .isEqualTo(editedC.getMetadata().getResourceVersion());
      assertThat(state.get(NS + "/d").scheduledJob().getMetadata().getResourceVersion())
          .isEqualTo(d.getMetadata().getResourceVersion());
      fillerVersions.forEach(
          (name, version) ->
              assertThat(
                      state.get(NS + "/" + name).scheduledJob().getMetadata().getResourceVersion())
                  .isEqualTo(version));
      assertThat(state).hasSize(4 + FILLERS + 1);
    }
  }

  @Test
  void aJobDeletedAndCreatedAgainUnderItsNameWhileTheWatchWasLostLeavesOnlyTheNewOneInTheState(
      KafkaFixture kafka) throws Exception {
    try (KubernetesClient watcherClient = api.newClient();
        Watcher watcher = startWatcher(kafka, watcherClient)) {
      await().atMost(Duration.ofSeconds(30)).until(watcher::isSynced);
      ScheduledJob a = client.resource(scheduledJob("a", "* * * * *")).create();
      Job first = client.resource(ownedJob(a, "a-1")).create();
      assertThat(describe(awaitEvents(kafka, 2)))
          .containsExactlyInAnyOrder("ScheduledJob a ADDED", "Job a-1 ADDED");

      api.suspendWatches();
      client.resource(first).delete();
      Job second = client.resource(ownedJob(a, "a-1")).create();
      Map<String, String> fillerVersions = changePastTheHistoryAndResumeWatches();

      // Waits for the Job relist whatever it makes of the pair: fabric8 keys its cache by
      // namespace/name, so it reports the two Jobs as one update (old, new).
      List<ObservationRecord> events =
          awaitEventsUpToAMarker(
              kafka,
              list ->
                  list.containsAll(
                          fillerVersions.keySet().stream()
                              .map(name -> "ScheduledJob " + name + " ADDED")
                              .toList())
                      && list.stream().filter(event -> event.startsWith("Job a-1 ")).count() >= 2);

      assertThat(lastStatePerKey(kafka).get(NS + "/a").jobs())
          .extracting(JobSummary::uid)
          .as("the Jobs cronlog.state lists for a")
          .containsExactly(second.getMetadata().getUid());
      List<String> expected =
          new ArrayList<>(
              List.of(
                  "ScheduledJob a ADDED",
                  "Job a-1 ADDED",
                  "Job a-1 DELETED",
                  "Job a-1 ADDED",
                  "ScheduledJob marker ADDED"));
      fillerVersions.keySet().forEach(name -> expected.add("ScheduledJob " + name + " ADDED"));
      assertThat(describe(events)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(
              ((JobObserved)
                      events.stream()
                          .filter(e -> e.change() == Change.DELETED)
                          .findFirst()
                          .orElseThrow())
                  .object()
                  .getMetadata()
                  .getUid())
          .isEqualTo(first.getMetadata().getUid());
    }
  }

  /**
   * With the watches suspended, creates more ScheduledJobs ("filler-0"...) than the API keeps
   * changes, so that every watch resumes from a version it no longer has, then resumes the watches;
   * returns each filler's resourceVersion.
   */
  private Map<String, String> changePastTheHistoryAndResumeWatches() {
    Map<String, String> fillerVersions = new HashMap<>();
    for (int i = 0; i < FILLERS; i++) {
      ScheduledJob filler = client.resource(scheduledJob("filler-" + i, "* * * * *")).create();
      fillerVersions.put("filler-" + i, filler.getMetadata().getResourceVersion());
    }
    api.resumeWatches();
    return fillerVersions;
  }

  /**
   * Waits until the described events satisfy {@code relistsDone}, then creates ScheduledJob
   * "marker" and returns every event up to its ADDED: whatever the relists published came before
   * it, so no repeat can follow.
   */
  private List<ObservationRecord> awaitEventsUpToAMarker(
      KafkaFixture kafka, Predicate<List<String>> relistsDone) {
    await().atMost(Duration.ofSeconds(30)).until(() -> relistsDone.test(describe(events(kafka))));
    client.resource(scheduledJob("marker", "* * * * *")).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> describe(events(kafka)).contains("ScheduledJob marker ADDED"));
    return events(kafka);
  }

  private Watcher startWatcher(KafkaFixture kafka, KubernetesClient watcherClient)
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
            "watcher",
            WatcherConfig.LEASE_RETRY_PERIOD,
            "PT0.5S");
    Watcher watcher =
        new Watcher(watcherClient, WatcherConfig.fromEnvironment(env), Clock.systemUTC());
    watcher.start();
    return watcher;
  }

  private static String versionOf(List<ObservationRecord> events, String description) {
    List<ObservationRecord> matching =
        events.stream().filter(e -> describe(List.of(e)).get(0).equals(description)).toList();
    assertThat(matching).as(description).hasSize(1);
    return matching.get(0).resourceVersion();
  }

  /** The value each key of cronlog.state ends with; null for a tombstone. */
  private Map<String, ScheduledJobState> lastStatePerKey(KafkaFixture kafka)
      throws MalformedRecordException {
    Map<String, ScheduledJobState> last = new HashMap<>();
    for (ConsumerRecord<String, String> record :
        TopicSnapshot.read(
            kafka.bootstrapServers(), kafka.topic("state"), Duration.ofSeconds(30))) {
      last.put(
          record.key(),
          record.value() == null
              ? null
              : codec.decode(
                  record.value().getBytes(StandardCharsets.UTF_8), ScheduledJobState.class));
    }
    return last;
  }
}
