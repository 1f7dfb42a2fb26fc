package io.cronlog.watcher.publish;

import io.cronlog.records.DeadLetter;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.StateRecord;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole state topic, up to its end at the time of the call: the last published state, and
 * the records there that no watcher wrote.
 */
public final class StateTopicReader {

  /**
   * The latest state of every ScheduledJob that has not been tombstoned, and the dead letter of
   * each record that cannot be trusted (unreadable, or filed under another ScheduledJob's key).
   */
  public record LastPublished(
      Map<ScheduledJobKey, ScheduledJobState> states, List<DeadLetter> untrusted) {}

  private static final Logger LOG = LoggerFactory.getLogger(StateTopicReader.class);

  private final Map<String, Object> clientProperties;
  private final String topic;
  private final RecordCodec codec;

  public StateTopicReader(Map<String, Object> clientProperties, String topic, RecordCodec codec) {
    this.clientProperties = Map.copyOf(clientProperties);
    this.topic = topic;
    this.codec = codec;
  }

  /** Reads the topic to its end; {@code now} dates the dead letters. */
  public LastPublished readAll(Instant now) {
    Map<ScheduledJobKey, ScheduledJobState> latest = new HashMap<>();
    List<DeadLetter> untrusted = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties())) {
      List<TopicPartition> partitions = partitionsOf(consumer);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(latest, record)
              .ifPresent(reason -> untrusted.add(DeadLetter.of(record, reason, now)));
        }
      }
    }
    LOG.info("Read the last published state of {} ScheduledJobs from {}", latest.size(), topic);
    return new LastPublished(latest, untrusted);
  }

  /** The topic's partitions; a topic created a moment ago may take a while to be known. */
  private List<TopicPartition> partitionsOf(KafkaConsumer<String, byte[]> consumer) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos != null && !infos.isEmpty()) {
          return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
        }
      } catch (UnknownTopicOrPartitionException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic " + topic + " has no partitions");
      }
    }
  }

  /** Takes {@code record} into {@code latest}; if it cannot be trusted, says why. */
  private Optional<String> apply(
      Map<ScheduledJobKey, ScheduledJobState> latest, ConsumerRecord<String, byte[]> record) {
    ScheduledJobKey key;
    try {
      key = ScheduledJobKey.parse(record.key());
    } catch (IllegalArgumentException e) {
      // Not written by a watcher: nothing of ours to compare with.
      LOG.warn(
          "Ignoring a state record at {}-{}@{}: {}",
          topic,
          record.partition(),
          record.offset(),
          e.getMessage());
      return Optional.of(e.getMessage());
    }
    if (record.value() == null) {
      latest.remove(key);
      return Optional.empty();
    }
    try {
      ScheduledJobState state = (ScheduledJobState) codec.decode(record.value(), StateRecord.class);
      Optional<String> mismatch = state.keyMismatch(key);
      if (mismatch.isPresent()) {
        throw new MalformedRecordException(mismatch.get());
      }
      latest.put(key, state);
      return Optional.empty();
    } catch (MalformedRecordException e) {
      // An unreadable or foreign record means the object is observed afresh and its state published
      // again.
      LOG.warn(
          "{}: unreadable state record at {}-{}@{}: {}",
          key,
          topic,
          record.partition(),
          record.offset(),
          e.getMessage());
      latest.remove(key);
      return Optional.of(e.getMessage());
    }
  }

  private Properties properties() {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // Only what committed transactions wrote is state; an aborted write never happened.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Should the broker answer a fetch "out of range", the reader starts the partition over
    // rather than jumping to its end: a state skipped here would be published again as new.
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return props;
  }
}
