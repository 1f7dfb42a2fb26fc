package io.cronlog.devkafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Small Kafka client helpers for this module's tests (test-support depends on this module). */
final class Clients {

  private Clients() {}

  static KafkaProducer<String, String> producer(String bootstrap, Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>(extra);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  static KafkaProducer<String, String> transactionalProducer(String bootstrap) {
    KafkaProducer<String, String> producer =
        producer(
            bootstrap, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID()));
    producer.initTransactions();
    return producer;
  }

  static void send(String bootstrap, String topic, String... values) throws Exception {
    try (KafkaProducer<String, String> producer = producer(bootstrap, Map.of())) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(topic, value, value)).get();
      }
    }
  }

  static KafkaConsumer<String, String> consumer(
      String bootstrap, String groupId, String isolation) {
    return consumer(bootstrap, groupId, isolation, "classic");
  }

  static KafkaConsumer<String, String> consumer(
      String bootstrap, String groupId, String isolation, String groupProtocol) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, groupId,
            ConsumerConfig.GROUP_PROTOCOL_CONFIG, groupProtocol,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  /** Polls a subscribed consumer until it has {@code count} values or the timeout passes. */
  static List<String> pollValues(
      KafkaConsumer<String, String> consumer, int count, Duration timeout) {
    List<String> values = new ArrayList<>();
    Instant deadline = Instant.now().plus(timeout);
    while (values.size() < count && Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
        values.add(record.value());
      }
    }
    return values;
  }

  /**
   * Every value on the topic from the beginning, read by a fresh group until {@code count} arrive.
   */
  static List<String> readValues(String bootstrap, String topic, String isolation, int count) {
    try (KafkaConsumer<String, String> consumer =
        consumer(bootstrap, "read-" + UUID.randomUUID(), isolation)) {
      consumer.subscribe(List.of(topic));
      return pollValues(consumer, count, Duration.ofSeconds(30));
    }
  }
}
