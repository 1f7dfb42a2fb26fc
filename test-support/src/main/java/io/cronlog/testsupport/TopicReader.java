package io.cronlog.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic from its beginning on a thread of its own into a queue, so that a test can wait for
 * the next records with a timeout instead of sleeping. Reads the partitions the topic has when it
 * first appears; waits for a topic that does not exist yet.
 */
public final class TopicReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration METADATA_WAIT = Duration.ofSeconds(1);

  private final String topic;
  private final BlockingQueue<ConsumerRecord<String, String>> arrived = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile RuntimeException failure;

  private TopicReader(String bootstrapServers, String topic, IsolationLevel isolation) {
    this.topic = topic;
    this.thread = new Thread(() -> run(bootstrapServers, isolation), "topic-reader-" + topic);
    thread.setDaemon(true);
  }

  /** Starts reading committed records of {@code topic}, as cronlog's own consumers do. */
  public static TopicReader start(String bootstrapServers, String topic) {
    return start(bootstrapServers, topic, IsolationLevel.READ_COMMITTED);
  }

  public static TopicReader start(String bootstrapServers, String topic, IsolationLevel isolation) {
    TopicReader reader = new TopicReader(bootstrapServers, topic, isolation);
    reader.thread.start();
    return reader;
  }

  /** The next record, or {@code null} if none arrives within the timeout. */
  public ConsumerRecord<String, String> poll(Duration timeout) throws InterruptedException {
    ConsumerRecord<String, String> record = arrived.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (record == null) {
      throwIfFailed();
    }
    return record;
  }

  /**
   * The next {@code count} records; fails, listing what did arrive, if they do not within the
   * timeout.
   */
  public List<ConsumerRecord<String, String>> take(int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<String, String>> taken = new ArrayList<>(count);
    while (taken.size() < count) {
      long left = deadline - System.nanoTime();
      ConsumerRecord<String, String> record =
          left > 0 ? arrived.poll(left, TimeUnit.NANOSECONDS) : arrived.poll();
      if (record == null) {
        throwIfFailed();
        throw new AssertionError(
            "Expected "
                + count
                + " records on "
                + topic
                + " within "
                + timeout
                + " but got "
                + taken.size()
                + ": "
                + values(taken));
      }
      taken.add(record);
    }
    return taken;
  }

  /** The values of the next {@code count} records, as {@link #take} finds them. */
  public List<String> takeValues(int count, Duration timeout) throws InterruptedException {
    return values(take(count, timeout));
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    thread.join(Duration.ofSeconds(30).toMillis());
  }

  private void run(String bootstrapServers, IsolationLevel isolation) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(ClientProps.reader(bootstrapServers, isolation))) {
      List<TopicPartition> partitions = awaitPartitions(consumer);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (!closed) {
        consumer.poll(POLL).forEach(arrived::add);
      }
    } catch (RuntimeException e) {
      // Surfaced to the test thread by poll and take; logged here in case nobody asks.
      LOG.error("Reader of topic {} failed", topic, e);
      failure = e;
    }
  }

  private List<TopicPartition> awaitPartitions(KafkaConsumer<String, String> consumer) {
    while (!closed) {
      try {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic, METADATA_WAIT).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        if (!partitions.isEmpty()) {
          return partitions;
        }
      } catch (TimeoutException e) {
        // A busy or restarting broker: ask again until the test closes the reader.
        LOG.debug("No metadata for topic {} yet", topic);
      }
    }
    return List.of();
  }

  private void throwIfFailed() {
    RuntimeException cause = failure;
    if (cause != null) {
      throw new AssertionError("Reader of topic " + topic + " failed", cause);
    }
  }

  static List<String> values(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(ConsumerRecord::value).toList();
  }
}
