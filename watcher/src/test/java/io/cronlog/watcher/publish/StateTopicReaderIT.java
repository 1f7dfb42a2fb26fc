package io.cronlog.watcher.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.RecordIds;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The state a new leader starts its term from, read past whatever else someone wrote to the topic.
 */
@ExtendWith(KafkaExtension.class)
class StateTopicReaderIT {

  private final RecordCodec codec = new RecordCodec();

  @Test
  void poisonRecordsBecomeDeadLettersAndAForeignStateIsNotTakenForItsKey(KafkaFixture kafka)
      throws Exception {
    String topic = kafka.createTopics(3, "state").get(0);
    try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
      // One at a time and awaited: a record the broker refused fails here, with its reason.
      send(producer, topic, "no-slash", "{}".getBytes(StandardCharsets.UTF_8));
      send(producer, topic, null, "null key".getBytes(StandardCharsets.UTF_8));
      send(producer, topic, "team-a/garbage", "not json".getBytes(StandardCharsets.UTF_8));
      send(producer, topic, "team-a/forged", codec.encode(state("victim")));
      send(producer, topic, "team-a/report", codec.encode(state("report")));
    }

    Instant now = Instant.parse("2026-12-04T10:00:00Z");
    StateTopicReader.LastPublished read =
        new StateTopicReader(kafka.clientProperties(), topic, codec).readAll(now);

    assertThat(read.states()).containsOnlyKeys(new ScheduledJobKey("team-a", "report"));
    assertThat(read.untrusted())
        .extracting(DeadLetter::key)
        .containsExactlyInAnyOrder("no-slash", null, "team-a/garbage", "team-a/forged");
    assertThat(read.untrusted())
        .allSatisfy(
            letter -> {
              assertThat(letter.sourceTopic()).isEqualTo(topic);
              assertThat(letter.time()).isEqualTo(now);
              assertThat(letter.payload()).isNotNull();
            });
    assertThat(read.untrusted())
        .filteredOn(letter -> "team-a/forged".equals(letter.key()))
        .singleElement()
        .satisfies(letter -> assertThat(letter.reason()).contains("team-a/victim"));
  }

  private static ScheduledJobState state(String name) {
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team-a")
            .withName(name)
            .withUid("uid-" + name)
            .build());
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule("* * * * *");
    sj.setSpec(spec);
    return new ScheduledJobState(
        CronlogRecord.SCHEMA_VERSION,
        RecordIds.of("state", name),
        Instant.now(),
        sj,
        List.of(),
        null);
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
  }

  private static KafkaProducer<String, byte[]> producer(KafkaFixture kafka) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(props);
  }
}
