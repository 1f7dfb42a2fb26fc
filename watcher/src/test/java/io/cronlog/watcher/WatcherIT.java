package io.cronlog.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.records.JobObserved;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
@EnableKubernetesMockClient(crud = true)
class WatcherIT {

  private static final String NS = "team-a";
  private final RecordCodec codec = new RecordCodec();
  KubernetesClient client;

  @Test
  void publishesEachChangeOnBothTopicsOnceAndInOrder(KafkaFixture kafka) throws Exception {
    try (Watcher watcher = startWatcher(kafka)) {
      ScheduledJob created = client.resource(scheduledJob("report", "*/5 * * * *")).create();
      awaitEvents(kafka, 1);
      created.getSpec().setSchedule("0 * * * *");
      ScheduledJob edited = client.resource(created).update();
      awaitEvents(kafka, 2);
      client.resource(ownedJob(edited, "report-1")).create();
      awaitEvents(kafka, 3);
      client.resource(edited).delete();

      List<String> events = describe(awaitEvents(kafka, 4));
      assertThat(events)
          .containsExactly(
              "ScheduledJob report ADDED",
              "ScheduledJob report MODIFIED",
              "Job report-1 ADDED",
              "ScheduledJob report DELETED");
      List<String> states = kafka.readAllValues(kafka.topic("state"));
      assertThat(states).hasSize(4).last().isNull();
      assertThat(states.get(1)).contains("\"scheduleSince\":\"").contains("0 * * * *");
      assertThat(states.get(2)).contains("\"name\":\"report-1\"");
    }
  }

  @Test
  void recordsOnTheStateTopicThatNoWatcherWroteGoToTheDeadLettersAndWatchingGoesOn(
      KafkaFixture kafka) throws Exception {
    String state = kafka.createTopics(3, "state").get(0);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      producer.send(new ProducerRecord<>(state, "no-slash", "{}".getBytes(StandardCharsets.UTF_8)));
      producer.send(
          new ProducerRecord<>(
              state, "team-a/garbage", "not json".getBytes(StandardCharsets.UTF_8)));
    }

    try (Watcher watcher = startWatcher(kafka)) {
      client.resource(scheduledJob("report", "*/5 * * * *")).create();

      assertThat(describe(awaitEvents(kafka, 1))).containsExactly("ScheduledJob report ADDED");
      List<String> letters = kafka.readAllValues(kafka.topic("dead-letter"));
      assertThat(letters)
          .hasSize(2)
          .anySatisfy(
              letter ->
                  assertThat(letter).contains("\"key\":\"no-slash\"", "is not namespace/name"))
          .anySatisfy(
              letter -> assertThat(letter).contains("\"key\":\"team-a/garbage\"", "not JSON"));
    }
  }

  @Test
  void restartPublishesExactlyWhatChangedWhileItWasAway(KafkaFixture kafka) throws Exception {
    ScheduledJob kept;
    ScheduledJob edited;
    ScheduledJob removed;
    try (Watcher watcher = startWatcher(kafka)) {
      kept = client.resource(scheduledJob("kept", "* * * * *")).create();
      edited = client.resource(scheduledJob("edited", "* * * * *")).create();
      removed = client.resource(scheduledJob("removed", "* * * * *")).create();
      client.resource(ownedJob(kept, "kept-1")).create();
      assertThat(describe(awaitEvents(kafka, 4)))
          .containsExactlyInAnyOrder(
              "ScheduledJob kept ADDED",
              "ScheduledJob edited ADDED",
              "ScheduledJob removed ADDED",
              "Job kept-1 ADDED");
    }

    edited.getSpec().setSuspend(true);
    client.resource(edited).update();
    client.resource(removed).delete();
    client.resource(scheduledJob("added", "* * * * *")).create();
    client.batch().v1().jobs().inNamespace(NS).withName("kept-1").delete();

    try (Watcher watcher = startWatcher(kafka)) {
      // Partitions interleave, so the whole topic is compared as a set; each key's order is
      // Kafka's.
      List<String> events = describe(awaitEvents(kafka, 8));
      assertThat(events)
          .containsExactlyInAnyOrder(
              "ScheduledJob kept ADDED",
              "ScheduledJob edited ADDED",
              "ScheduledJob removed ADDED",
              "Job kept-1 ADDED",
              "ScheduledJob edited MODIFIED",
              "ScheduledJob removed DELETED",
              "ScheduledJob added ADDED",
              "Job kept-1 DELETED");
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
            WatcherConfig.LEASE_NAME,
            "watcher",
            WatcherConfig.LEASE_RETRY_PERIOD,
            "PT0.2S");
    Watcher watcher = new Watcher(client, WatcherConfig.fromEnvironment(env), Clock.systemUTC());
    watcher.start();
    return watcher;
  }

  private List<ObservationRecord> awaitEvents(KafkaFixture kafka, int count) {
    List<ObservationRecord> events = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              events.clear();
              for (String value : kafka.readAllValues(kafka.topic("events"))) {
                events.add(decode(value));
              }
              assertThat(events).hasSizeGreaterThanOrEqualTo(count);
            });
    return events;
  }

  private ObservationRecord decode(String value) throws MalformedRecordException {
    return codec.decode(value.getBytes(StandardCharsets.UTF_8), ObservationRecord.class);
  }

  private static List<String> describe(List<ObservationRecord> events) {
    return events.stream()
        .map(
            event ->
                event instanceof ScheduledJobObserved sj
                    ? "ScheduledJob " + sj.object().getMetadata().getName() + " " + sj.change()
                    : "Job "
                        + ((JobObserved) event).object().getMetadata().getName()
                        + " "
                        + event.change())
        .toList();
  }

  static ScheduledJob scheduledJob(String name, String schedule) {
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).build());
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule(schedule);
    spec.setJobTemplate(
        new JobTemplateSpecBuilder()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .endContainer()
            .withRestartPolicy("Never")
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    sj.setSpec(spec);
    return sj;
  }

  static Job ownedJob(ScheduledJob owner, String name) {
    return new JobBuilder()
        .withNewMetadata()
        .withNamespace(NS)
        .withName(name)
        .addNewOwnerReference()
        .withApiVersion(ScheduledJob.API_VERSION)
        .withKind(ScheduledJob.KIND)
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .endContainer()
        .withRestartPolicy("Never")
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
