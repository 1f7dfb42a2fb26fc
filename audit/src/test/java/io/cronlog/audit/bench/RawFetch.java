package io.cronlog.audit.bench;

import io.cronlog.runtime.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The trail fetched as bytes and nothing more, with the settings of the audit's reader (no group,
 * read committed, a short fetch wait) and one partition at a time as it reads: what Kafka and the
 * client cost before a record is decoded.
 */
final class RawFetch {

  private RawFetch() {}

  /**
   * Fetches every partition of events, commands and outcomes; returns the records and their bytes.
   */
  static long[] all(Map<String, Object> client, Topics topics, int partitions) {
    Map<String, Object> props = new HashMap<>(client);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    long[] fetched = {0, 0};
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      for (String topic : List.of(topics.events(), topics.commands(), topics.outcomes())) {
        for (int p = 0; p < partitions; p++) {
          TopicPartition tp = new TopicPartition(topic, p);
          long end = consumer.endOffsets(List.of(tp)).get(tp);
          consumer.assign(List.of(tp));
          consumer.seekToBeginning(List.of(tp));
          // Transaction markers take offsets but are never returned: progress is the position.
          while (consumer.position(tp) < end) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
              fetched[0]++;
              fetched[1] += record.serializedKeySize() + record.serializedValueSize();
            }
          }
        }
      }
    }
    return fetched;
  }
}
