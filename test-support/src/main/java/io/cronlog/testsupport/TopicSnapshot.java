package io.cronlog.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** Reads everything committed to a topic up to now, for asserting on a topic's whole content. */
public final class TopicSnapshot {

  private TopicSnapshot() {}

  /**
   * Every committed record of {@code topic} up to its end when called, in order within each
   * partition. Fails if the topic does not exist or cannot be read to its end within the timeout.
   */
  public static List<ConsumerRecord<String, String>> read(
      String bootstrapServers, String topic, Duration timeout) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(ClientProps.reader(bootstrapServers, IsolationLevel.READ_COMMITTED))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      if (partitions.isEmpty()) {
        throw new AssertionError("Topic " + topic + " does not exist");
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // For a read_committed consumer this is the last stable offset: an open transaction
      // cannot make the read wait.
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reachedEnd(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "Could not read "
                  + topic
                  + " to its end "
                  + ends
                  + " within "
                  + timeout
                  + "; read "
                  + records.size()
                  + " records");
        }
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      return records;
    }
  }

  /** The committed values of {@code topic}, as {@link #read} finds them. */
  public static List<String> readValues(String bootstrapServers, String topic, Duration timeout) {
    return TopicReader.values(read(bootstrapServers, topic, timeout));
  }

  private static boolean reachedEnd(
      KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}
