package io.cronlog.scheduler;

import io.cronlog.runtime.topics.TopicBootstrap;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka clients a scheduler works through; the scheduler owns and closes them. Tests give it
 * {@code MockConsumer}s and a {@code MockProducer}; {@link #of(SchedulerConfig, MeterRegistry)}
 * builds the real ones.
 *
 * @param stateConsumers makes the group member that reads {@code cronlog.state}; called once, on
 *     the scheduler's consumer thread
 * @param commandReaders makes the consumer, assigned by hand, that reads the commands' tail at each
 *     restore; called once, on the same thread
 * @param producer sends commands and dead letters
 * @param topics creates the topics that are missing, at start
 */
public record SchedulerClients(
    Supplier<Consumer<String, byte[]>> stateConsumers,
    Supplier<Consumer<String, byte[]>> commandReaders,
    Producer<String, byte[]> producer,
    TopicSetup topics) {

  /** Creates what topics are missing. */
  @FunctionalInterface
  public interface TopicSetup {
    void ensureTopics() throws InterruptedException, ExecutionException;
  }

  /**
   * The production clients, from {@code config}; the group member's own meters (its lag above all,
   * {@code kafka_consumer_fetch_manager_records_lag_max}) go to {@code registry}.
   */
  public static SchedulerClients of(SchedulerConfig config, MeterRegistry registry) {
    Map<String, Object> client = config.kafka().clientProperties();
    return new SchedulerClients(
        () -> {
          KafkaConsumer<String, byte[]> consumer =
              new KafkaConsumer<>(stateConsumerProperties(client, config.groupId()));
          // Made once per process, so the binding lives as long as the process; left unclosed, it
          // keeps reading the closed consumer's metrics, which are gone, until the process ends.
          new KafkaClientMetrics(consumer).bindTo(registry);
          return consumer;
        },
        () -> new KafkaConsumer<>(commandReaderProperties(client)),
        new KafkaProducer<>(producerProperties(client)),
        () -> {
          try (Admin admin = Admin.create(client)) {
            new TopicBootstrap(admin, config.kafka().topics(), config.kafka().topicSettings())
                .ensureTopics();
          }
        });
  }

  static Properties stateConsumerProperties(Map<String, Object> client, String groupId) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // Moving partitions one at a time keeps the other schedulers' timers running through a
    // rebalance.
    props.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    // Every assignment restores from the beginning, so there is nothing to commit.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // The watcher writes state in transactions; an aborted one never happened.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // A restore fetches one partition at a time (StateConsumer), and Kafka's 1 MB a partition is
    // a few hundred ScheduledJobs a round trip; 8 MB takes a few thousand.
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
    return props;
  }

  static Properties commandReaderProperties(Map<String, Object> client) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // Assigned by hand, never a group member: it must not take part in the schedulers' rebalances.
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Commands come from an idempotent, non-transactional producer: what is acknowledged is
    // readable.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    return props;
  }

  /** The producer for commands: idempotent, so a retried send never duplicates or reorders. */
  static Properties producerProperties(Map<String, Object> client) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    // Nothing waits on a send, so many ScheduledJobs due in the same second share a few batches;
    // a short linger bounds what that adds to a run's delay.
    props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    // A decided run is a fact: through a broker outage of any length its command waits in the
    // producer and is written when the broker is back, where the executor judges its timing.
    // Dropped and decided again, it could be covered by no later command (a run after it counted
    // on it).
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
    return props;
  }
}
