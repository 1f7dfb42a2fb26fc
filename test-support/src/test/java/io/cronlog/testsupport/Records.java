package io.cronlog.testsupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes test records; the key of each is its value. */
final class Records {

  private Records() {}

  static Producer<String, String> producer(KafkaFixture kafka) {
    return new KafkaProducer<>(
        kafka.clientProperties(), new StringSerializer(), new StringSerializer());
  }

  static void send(KafkaFixture kafka, String topic, String... values) throws Exception {
    try (Producer<String, String> producer = producer(kafka)) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(topic, value, value)).get();
      }
    }
  }
}
