package io.cronlog.executor.consume;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Commands waiting for another attempt, or for this executor's clock, per lane: a ScheduledJob (its
 * record key), or a run that waits for its time apart from it. While one command of a lane waits,
 * its later commands queue behind it, so each ScheduledJob's commands are acted on in order; other
 * lanes go on. Owned by the poll loop's thread.
 */
final class ParkedCommands {

  /**
   * The waiting commands of one lane (a ScheduledJob, or a run waiting apart): the head has been
   * through {@code tries}.
   */
  static final class Parked {
    final String lane;
    final TopicPartition partition;
    final Deque<ConsumerRecord<String, byte[]>> records = new ArrayDeque<>();
    final Tries tries;
    final Instant due;

    Parked(String lane, TopicPartition partition, Tries tries, Instant due) {
      this.lane = lane;
      this.partition = partition;
      this.tries = tries;
      this.due = due;
    }
  }

  private final Map<String, Parked> byKey = new HashMap<>();

  boolean holds(String key) {
    return byKey.containsKey(key);
  }

  /**
   * Parks {@code head}, which has been through {@code tries}, until {@code due}, as the first of
   * {@code lane}.
   */
  void park(String lane, ConsumerRecord<String, byte[]> head, Tries tries, Instant due) {
    Parked parked =
        new Parked(lane, new TopicPartition(head.topic(), head.partition()), tries, due);
    parked.records.add(head);
    Parked previous = byKey.put(lane, parked);
    if (previous != null) {
      throw new IllegalStateException("lane " + lane + " was already parked");
    }
  }

  /** Queues a later command behind the parked ones of its key. */
  void append(ConsumerRecord<String, byte[]> record) {
    byKey.get(record.key()).records.add(record);
  }

  /** Queues {@code records} behind the parked ones of {@code lane}, in order. */
  void appendAll(String lane, Collection<ConsumerRecord<String, byte[]>> records) {
    byKey.get(lane).records.addAll(records);
  }

  /** Takes out at most {@code limit} ScheduledJobs whose wait is over, earliest first. */
  List<Parked> takeDue(Instant now, int limit) {
    List<Map.Entry<String, Parked>> due =
        new ArrayList<>(
            byKey.entrySet().stream().filter(e -> !e.getValue().due.isAfter(now)).toList());
    due.sort(Map.Entry.comparingByValue((a, b) -> a.due.compareTo(b.due)));
    if (due.size() > limit) {
      due = due.subList(0, limit);
    }
    due.forEach(e -> byKey.remove(e.getKey()));
    return due.stream().map(Map.Entry::getValue).toList();
  }

  /** When the next wait ends. */
  Optional<Instant> nextDue() {
    return byKey.values().stream().map(p -> p.due).min(Instant::compareTo);
  }

  /** The lowest offset still waiting in {@code partition}: the committed offset may not pass it. */
  OptionalLong oldestOffset(TopicPartition partition) {
    return byKey.values().stream()
        .filter(p -> p.partition.equals(partition))
        .mapToLong(p -> p.records.peekFirst().offset())
        .min();
  }

  /** How many commands wait in {@code partition}. */
  int size(TopicPartition partition) {
    return byKey.values().stream()
        .filter(p -> p.partition.equals(partition))
        .mapToInt(p -> p.records.size())
        .sum();
  }

  /**
   * Forgets the commands of partitions this consumer no longer owns; their next owner reads them
   * again.
   */
  void drop(Collection<TopicPartition> partitions) {
    byKey.values().removeIf(p -> partitions.contains(p.partition));
  }
}
