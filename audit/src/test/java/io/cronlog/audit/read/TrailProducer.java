package io.cronlog.audit.read;

import io.cronlog.records.CronlogRecord;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.testsupport.KafkaFixture;
import io.cronlog.testsupport.TopicReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the trail as cronlog's services do: plain Kafka producers with String keys and the default
 * partitioner, JSON values from {@link RecordCodec}; events in transactions.
 */
final class TrailProducer implements AutoCloseable {

  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

  private final RecordCodec codec = new RecordCodec();
  private final KafkaFixture kafka;

  /** Records written and not aborted, per topic: what a read-committed reader must come to see. */
  private final Map<String, Integer> written = new HashMap<>();

  private final KafkaProducer<String, byte[]> plain;
  private final KafkaProducer<String, byte[]> transactional;

  TrailProducer(KafkaFixture kafka) {
    this.kafka = kafka;
    this.plain = new KafkaProducer<>(properties(kafka));
    Map<String, Object> props = properties(kafka);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "audit-test-" + UUID.randomUUID());
    this.transactional = new KafkaProducer<>(props);
    transactional.initTransactions();
  }

  /**
   * Creates this test's topics {@code names} and returns once the broker serves their metadata:
   * creation returns when the controller has them, and a reader asking sooner is told they do not
   * exist. A producer waits for a topic's metadata; a consumer does not.
   */
  static List<String> createTopics(KafkaFixture kafka, int partitions, String... names) {
    List<String> topics = kafka.createTopics(partitions, names);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties(kafka))) {
      topics.forEach(producer::partitionsFor);
    }
    return topics;
  }

  private static Map<String, Object> properties(KafkaFixture kafka) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return props;
  }

  /**
   * {@code record} under {@code key}, stamped with the record's own time as the producer's
   * timestamp.
   */
  ProducerRecord<String, byte[]> record(String topic, String key, CronlogRecord record) {
    return new ProducerRecord<>(
        topic, null, record.time().toEpochMilli(), key, codec.encode(record));
  }

  /** Writes {@code record} with no transaction and waits for it. */
  RecordMetadata send(ProducerRecord<String, byte[]> record)
      throws ExecutionException, InterruptedException {
    RecordMetadata metadata = plain.send(record).get();
    written.merge(record.topic(), 1, Integer::sum);
    return metadata;
  }

  RecordMetadata send(String topic, String key, CronlogRecord record)
      throws ExecutionException, InterruptedException {
    return send(record(topic, key, record));
  }

  /**
   * Writes {@code records} in one transaction, committed or aborted. A commit returns before the
   * coordinator has marked every partition; this waits until a read-committed reader sees it.
   */
  void transaction(boolean commit, List<ProducerRecord<String, byte[]>> records)
      throws InterruptedException {
    transactional.beginTransaction();
    records.forEach(transactional::send);
    if (!commit) {
      transactional.flush();
      transactional.abortTransaction();
      return;
    }
    transactional.commitTransaction();
    records.forEach(record -> written.merge(record.topic(), 1, Integer::sum));
    for (String topic : records.stream().map(ProducerRecord::topic).distinct().toList()) {
      try (TopicReader reader = kafka.reader(topic)) {
        reader.take(written.get(topic), VISIBLE_WITHIN);
      }
    }
  }

  byte[] encode(CronlogRecord record) {
    return codec.encode(record);
  }

  @Override
  public void close() {
    transactional.close();
    plain.close();
  }
}
