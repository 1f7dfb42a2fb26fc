package io.cronlog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class TopicReaderIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void takesRecordsInTheOrderTheyWereWritten(KafkaFixture kafka) throws Exception {
    String topic = kafka.createTopics(1, "ordered").get(0);
    try (TopicReader reader = kafka.reader(topic)) {
      Records.send(kafka, topic, "1", "2", "3");

      assertThat(reader.takeValues(3, WAIT)).containsExactly("1", "2", "3");
    }
  }

  @Test
  void waitsForATopicThatDoesNotExistYet(KafkaFixture kafka) throws Exception {
    try (TopicReader reader = kafka.reader(kafka.topic("later"))) {
      String topic = kafka.createTopics(2, "later").get(0);
      Records.send(kafka, topic, "a", "b", "c", "d");

      assertThat(reader.takeValues(4, WAIT)).containsExactlyInAnyOrder("a", "b", "c", "d");
    }
  }

  @Test
  void takeFailsListingWhatArrivedWhenTooFewRecordsCome(KafkaFixture kafka) throws Exception {
    String topic = kafka.createTopics(1, "few").get(0);
    Records.send(kafka, topic, "only");
    try (TopicReader reader = kafka.reader(topic)) {
      assertThatThrownBy(() -> reader.take(2, Duration.ofSeconds(2)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("Expected 2 records on " + topic)
          .hasMessageContaining("got 1: [only]");
    }
  }

  @Test
  void pollReturnsNothingOnceEveryRecordIsTaken(KafkaFixture kafka) throws Exception {
    String topic = kafka.createTopics(1, "drained").get(0);
    Records.send(kafka, topic, "x");
    try (TopicReader reader = kafka.reader(topic)) {
      assertThat(reader.poll(WAIT).value()).isEqualTo("x");
      assertThat(reader.poll(Duration.ofMillis(500))).isNull();
    }
  }

  @Test
  void readersAndSnapshotsSeeCommittedRecordsAndNotAbortedOnes(KafkaFixture kafka)
      throws Exception {
    String topic = kafka.createTopics(1, "tx").get(0);
    try (TopicReader reader = kafka.reader(topic);
        Producer<String, String> producer = transactional(kafka)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "aborted"));
      // Without a flush the client drops unsent records on abort, and the log never holds them.
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "committed"));
      producer.commitTransaction();

      assertThat(reader.takeValues(1, WAIT)).containsExactly("committed");
      assertThat(kafka.readAllValues(topic)).containsExactly("committed");
    }
  }

  @Test
  void snapshotOfAMissingTopicFailsNamingIt(KafkaFixture kafka) {
    assertThatThrownBy(() -> kafka.readAllValues(kafka.topic("missing")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(kafka.topic("missing") + " does not exist");
  }

  private static Producer<String, String> transactional(KafkaFixture kafka) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "reader-it-" + UUID.randomUUID());
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }
}
