package io.cronlog.watcher;

import static io.cronlog.watcher.Published.awaitEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.Change;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.StateRecord;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A record larger than its topic takes is dead-lettered, published trimmed, and warned about;
 * nothing stalls.
 */
@ExtendWith(KafkaExtension.class)
@EnableKubernetesMockClient(crud = true)
class OversizeRecordIT {

  private static final String SMALL_LIMIT = Integer.toString(64 * 1024);
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private final RecordCodec codec = new RecordCodec();
  KubernetesClient client;

  @Test
  void anOversizeScheduledJobIsDeadLetteredPublishedTrimmedAndWarnedAboutAndWhatFollowsStillFlows(
      KafkaFixture kafka) throws Exception {
    createTopics(kafka, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, SMALL_LIMIT));
    try (Watcher watcher = startWatcher(kafka)) {
      ScheduledJob bulky = client.resource(bulky("bulky")).create();
      client.resource(WatcherIT.scheduledJob("small", "* * * * *")).create();

      // Two keys, two partitions: the topics order each key's records, not the two keys'.
      Map<String, ObservationRecord> events = byName(awaitEvents(kafka, 2));
      assertThat(events).hasSize(2);
      assertThat(events.get("bulky").change()).isEqualTo(Change.ADDED);
      assertThat(events.get("bulky").omitted())
          .containsExactly("metadata.annotations[" + LAST_APPLIED + "]");
      assertThat(events.get("small").omitted()).isEmpty();

      List<DeadLetter> deadLetters = awaitRecords(kafka, "dead-letter", DeadLetter.class, 2);
      assertThat(deadLetters)
          .extracting(DeadLetter::sourceTopic)
          .containsExactly(kafka.topic("events"), kafka.topic("state"));
      assertThat(deadLetters)
          .allSatisfy(
              letter -> {
                assertThat(letter.key()).isEqualTo("team-a/bulky");
                assertThat(letter.reason())
                    .startsWith("RecordTooLarge: ")
                    .contains("published without");
              });
      assertThat(deadLetters.get(0).payload())
          .contains("p".repeat(100 * 1024))
          .doesNotContain("omitted\":[\"");
      assertThat(deadLetters.get(1).reason())
          .endsWith("as in dead letter " + deadLetters.get(0).id());

      Map<String, ScheduledJobState> states =
          stateValues(kafka).stream()
              .collect(
                  Collectors.toMap(
                      state -> state.scheduledJob().getMetadata().getName(), state -> state));
      assertThat(states).containsOnlyKeys("bulky", "small");
      assertThat(states.get("bulky").omitted()).isNotEmpty();
      assertThat(states.get("bulky").scheduledJob().getSpec().getSchedule())
          .isEqualTo("*/5 * * * *");
      assertThat(states.get("small").omitted()).isEmpty();

      RecordEvent warning = awaitRecords(kafka, "commands", RecordEvent.class, 1).get(0);
      assertThat(warning.reason()).isEqualTo("RecordTooLarge");
      assertThat(warning.target().uid()).isEqualTo(bulky.getMetadata().getUid());
    }
  }

  @Test
  void aLimitLoweredWhileRunningIsLearntFromTheBrokersRefusalAndNothingIsLost(KafkaFixture kafka)
      throws Exception {
    createTopics(kafka, Map.of());
    try (Watcher watcher = startWatcher(kafka)) {
      await().atMost(Duration.ofSeconds(30)).until(watcher::isSynced);
      try (Admin admin = kafka.admin()) {
        admin
            .incrementalAlterConfigs(
                Map.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, kafka.topic("events")),
                    List.of(
                        new AlterConfigOp(
                            new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, SMALL_LIMIT),
                            AlterConfigOp.OpType.SET))))
            .all()
            .get();
      }
      client.resource(bulky("bulky")).create();
      client.resource(WatcherIT.scheduledJob("small", "* * * * *")).create();

      Map<String, ObservationRecord> events = byName(awaitEvents(kafka, 2));
      assertThat(events).containsOnlyKeys("bulky", "small");
      assertThat(events.get("bulky").omitted()).isNotEmpty();
      assertThat(events.get("small").omitted()).isEmpty();
      assertThat(awaitRecords(kafka, "dead-letter", DeadLetter.class, 1))
          .singleElement()
          .satisfies(letter -> assertThat(letter.sourceTopic()).isEqualTo(kafka.topic("events")));
      assertThat(stateValues(kafka))
          .first()
          .satisfies(state -> assertThat(state.omitted()).isEmpty());
    }
  }

  private static Map<String, ObservationRecord> byName(List<ObservationRecord> events) {
    return events.stream()
        .collect(
            Collectors.toMap(
                event -> ((ScheduledJobObserved) event).object().getMetadata().getName(),
                event -> event));
  }

  /** A ScheduledJob applied with kubectl, whose last-applied copy alone is over the small limit. */
  private static ScheduledJob bulky(String name) {
    ScheduledJob sj = WatcherIT.scheduledJob(name, "*/5 * * * *");
    Map<String, String> annotations = new HashMap<>();
    annotations.put(LAST_APPLIED, "{\"padding\":\"" + "p".repeat(100 * 1024) + "\"}");
    sj.getMetadata().setAnnotations(annotations);
    return sj;
  }

  /** The watcher's topics, created before it starts so that they have {@code configs}. */
  private static void createTopics(KafkaFixture kafka, Map<String, String> configs)
      throws Exception {
    try (Admin admin = kafka.admin()) {
      List<NewTopic> topics =
          List.of("events", "state", "commands", "outcomes").stream()
              .map(name -> new NewTopic(kafka.topic(name), 3, (short) 1).configs(configs))
              .toList();
      admin.createTopics(topics).all().get();
    }
  }

  private <T> List<T> awaitRecords(KafkaFixture kafka, String topic, Class<T> type, int count) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                kafka.readAllValues(kafka.topic(topic)).stream()
                    .map(value -> decode(value, type))
                    .filter(Objects::nonNull)
                    .toList(),
            records -> records.size() >= count);
  }

  private List<ScheduledJobState> stateValues(KafkaFixture kafka) {
    return kafka.readAllValues(kafka.topic("state")).stream()
        .map(value -> (ScheduledJobState) decode(value, StateRecord.class))
        .toList();
  }

  /** The record, or null when it is of another type (the commands topic holds several). */
  @SuppressWarnings("unchecked")
  private <T> T decode(String value, Class<T> type) {
    try {
      Object record =
          codec.decode(
              value.getBytes(StandardCharsets.UTF_8),
              type == RecordEvent.class ? CommandRecord.class : (Class) type);
      return type.isInstance(record) ? (T) record : null;
    } catch (Exception e) {
      throw new AssertionError("unreadable record on the topic: " + e, e);
    }
  }

  private Watcher startWatcher(KafkaFixture kafka) throws Exception {
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
            WatcherConfig.LEASE_RETRY_PERIOD,
            "PT0.2S");
    Watcher watcher = new Watcher(client, WatcherConfig.fromEnvironment(env), Clock.systemUTC());
    watcher.start();
    return watcher;
  }
}
