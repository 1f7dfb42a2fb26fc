package io.cronlog.scheduler.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the recent tail of one partition of {@code cronlog.commands}: what the previous owner of
 * the same-numbered state partition published that the state may not show yet. Same key, same
 * partition number, so the tail holds every command of the partition's ScheduledJobs. Not thread
 * safe: owned by the state consumer's thread.
 */
public final class RecentCommands implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);

  private final Consumer<String, byte[]> consumer;
  private final String topic;

  /** Reads {@code topic} through {@code consumer}, which it assigns by hand and closes. */
  public RecentCommands(Consumer<String, byte[]> consumer, String topic) {
    this.consumer = consumer;
    this.topic = topic;
  }

  /**
   * The records of partition {@code partition} written at or after {@code since}, up to its current
   * end.
   */
  public List<ConsumerRecord<String, byte[]>> read(int partition, Instant since) {
    TopicPartition tp = new TopicPartition(topic, partition);
    consumer.assign(List.of(tp));
    long end = consumer.endOffsets(List.of(tp)).get(tp);
    OffsetAndTimestamp start = consumer.offsetsForTimes(Map.of(tp, since.toEpochMilli())).get(tp);
    if (start == null) {
      return List.of(); // nothing that recent
    }
    consumer.seek(tp, start.offset());
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    while (consumer.position(tp) < end) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
        if (record.offset() < end) {
          records.add(record);
        }
      }
    }
    consumer.assign(List.of());
    return records;
  }

  /** Makes a {@link #read} in progress on the owning thread stop with a WakeupException. */
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
