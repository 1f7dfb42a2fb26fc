package io.cronlog.watcher;

import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.runtime.topics.TopicBootstrap;
import io.cronlog.watcher.publish.OpenProducers;
import io.cronlog.watcher.publish.StateTopicReader;
import io.cronlog.watcher.publish.StateTopicReader.LastPublished;
import io.cronlog.watcher.publish.TopicLimits;
import io.cronlog.watcher.publish.TransactionalPublisher;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;

/**
 * What a watcher asks of Kafka: its topics made, transactional producers (counted over every term),
 * each topic's size limit, and the last published state. Apart from the watcher so that a unit test
 * stands in for the broker, with a MockProducer and fixed answers.
 */
record WatcherKafka(
    TopicsSetup topics,
    RecordCodec codec,
    Supplier<Producer<String, byte[]>> producers,
    OpenProducers openProducers,
    TopicLimits.Reader limits,
    Function<Instant, LastPublished> lastPublished) {

  /** Makes the topics that are missing; throws when Kafka refuses or does not answer. */
  @FunctionalInterface
  interface TopicsSetup {
    void ensure() throws InterruptedException, ExecutionException;
  }

  /** The Kafka that {@code config} names. */
  static WatcherKafka of(WatcherConfig config) {
    KafkaSettings kafka = config.kafka();
    RecordCodec codec = new RecordCodec();
    TopicsSetup topics =
        () -> {
          try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicBootstrap(admin, kafka.topics(), kafka.topicSettings()).ensureTopics();
          }
        };
    return new WatcherKafka(
        topics,
        codec,
        TransactionalPublisher.kafkaProducers(
            kafka.clientProperties(), config.transactionalId(), config.publishTimeout()),
        new OpenProducers(),
        TopicLimits.fromKafka(kafka.clientProperties(), kafka.topics()),
        new StateTopicReader(kafka.clientProperties(), kafka.topics().state(), codec)::readAll);
  }
}
