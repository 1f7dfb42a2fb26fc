package io.cronlog.watcher.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each key's first committed event arrived (System.nanoTime), read from the end of the events
 * topic as it stood at {@link #start}: what the scheduler and the audit see, and when. One thread
 * owns the consumer.
 */
final class EventArrivals implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventArrivals.class);

  private final String topic;
  private final Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
  private final CountDownLatch positioned = new CountDownLatch(1);
  private final CountDownLatch allArrived;
  private final Thread thread;
  private volatile boolean closed;
  private volatile RuntimeException failure;

  private EventArrivals(String bootstrapServers, String topic, int expectedKeys) {
    this.topic = topic;
    this.allArrived = new CountDownLatch(expectedKeys);
    this.thread = new Thread(() -> run(bootstrapServers), "event-arrivals-" + topic);
    thread.setDaemon(true);
  }

  /** Starts reading {@code topic} from its current end; returns once that end is fixed. */
  static EventArrivals start(String bootstrapServers, String topic, int expectedKeys)
      throws InterruptedException {
    EventArrivals arrivals = new EventArrivals(bootstrapServers, topic, expectedKeys);
    arrivals.thread.start();
    if (!arrivals.positioned.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no position on " + topic + " within 30 s", arrivals.failure);
    }
    return arrivals;
  }

  /** Waits until {@code expectedKeys} keys had an event; a copy of their arrival times. */
  Map<String, Long> await(Duration timeout) throws InterruptedException {
    if (!allArrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "only " + arrivedAt.size() + " keys had an event on " + topic + " within " + timeout,
          failure);
    }
    return new HashMap<>(arrivedAt);
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    thread.join(Duration.ofSeconds(10).toMillis());
  }

  private void run(String bootstrapServers) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties(bootstrapServers))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      // seekToEnd is lazy: asking the positions fixes the end now, before the burst begins.
      partitions.forEach(consumer::position);
      positioned.countDown();
      while (!closed) {
        consumer
            .poll(Duration.ofMillis(100))
            .forEach(
                record -> {
                  long now = System.nanoTime();
                  if (arrivedAt.putIfAbsent(record.key(), now) == null) {
                    allArrived.countDown();
                  }
                });
      }
    } catch (RuntimeException e) {
      LOG.error("Reading {} failed", topic, e);
      failure = e;
      positioned.countDown();
    }
  }

  private static Map<String, Object> properties(String bootstrapServers) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // What cronlog's consumers see: an event counts once its transaction committed.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    // An idle fetch returns after 20 ms, not 500: should a commit not wake a waiting fetch, an
    // event is still seen at most that late.
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    // Only the key is read: decoding 2 KB of JSON would take CPU from the watcher being measured.
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }
}
