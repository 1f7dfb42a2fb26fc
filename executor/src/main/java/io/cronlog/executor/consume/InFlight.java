package io.cronlog.executor.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Commands whose effect is done and whose bookkeeping is not (a run's status write and Event, see
 * {@code RunRecording}): their workers have moved on, and no offset is committed past them until
 * they are done. One that must be tried again comes back to the poll loop, which alone may park it.
 * Thread-safe: workers begin, the API's completion threads end or return, the loop reads.
 */
final class InFlight {

  /** A command whose attempt failed after its worker moved on, to be parked by the loop. */
  record Returned(ConsumerRecord<String, byte[]> record, Later later) {}

  private final Map<TopicPartition, ConcurrentSkipListSet<Long>> offsets =
      new ConcurrentHashMap<>();
  private final Queue<Returned> returned = new ConcurrentLinkedQueue<>();
  private final Object progress = new Object();

  void begin(ConsumerRecord<String, byte[]> record) {
    offsets
        .computeIfAbsent(partitionOf(record), p -> new ConcurrentSkipListSet<>())
        .add(record.offset());
  }

  /** The command is done; its offset may be committed. */
  void end(ConsumerRecord<String, byte[]> record) {
    offsets.computeIfPresent(
        partitionOf(record),
        (p, set) -> {
          set.remove(record.offset());
          return set;
        });
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /**
   * The command must be tried again as {@code later} says; it stays in flight until the loop parks
   * it.
   */
  void tryAgain(ConsumerRecord<String, byte[]> record, Later later) {
    returned.add(new Returned(record, later));
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /** The commands returned since the last call, for the loop to park and then {@link #end}. */
  List<Returned> takeReturned() {
    List<Returned> taken = new ArrayList<>();
    for (Returned r = returned.poll(); r != null; r = returned.poll()) {
      taken.add(r);
    }
    return taken;
  }

  /** The lowest offset in flight in {@code partition}: committed offsets stop there. */
  OptionalLong oldestOffset(TopicPartition partition) {
    ConcurrentSkipListSet<Long> set = offsets.get(partition);
    Long first = set == null ? null : set.ceiling(Long.MIN_VALUE);
    return first == null ? OptionalLong.empty() : OptionalLong.of(first);
  }

  int size(TopicPartition partition) {
    Set<Long> set = offsets.get(partition);
    return set == null ? 0 : set.size();
  }

  /**
   * Forgets partitions that moved away: what is in flight there finishes, and its next owner acts
   * again.
   */
  void forget(Collection<TopicPartition> partitions) {
    offsets.keySet().removeAll(partitions);
    returned.removeIf(r -> partitions.contains(partitionOf(r.record())));
  }

  /**
   * Waits up to {@code timeout} until every command in flight has ended or come back to be tried
   * again; on close, so that what was done is committed.
   */
  boolean awaitSettled(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (offsets.values().stream().mapToInt(Set::size).sum() > returned.size()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
    }
    return true;
  }

  private static TopicPartition partitionOf(ConsumerRecord<String, byte[]> record) {
    return new TopicPartition(record.topic(), record.partition());
  }
}
