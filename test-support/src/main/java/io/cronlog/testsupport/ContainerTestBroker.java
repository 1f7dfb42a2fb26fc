package io.cronlog.testsupport;

import io.cronlog.devkafka.EmbeddedKafkaConfig;
import org.testcontainers.kafka.KafkaContainer;

/** Apache Kafka's image run by Testcontainers, as the tests' broker. */
final class ContainerTestBroker implements TestBroker {

  /** The JVM broker image: the same broker code as the in-process one and as production. */
  static final String IMAGE = "apache/kafka:4.1.1";

  private final KafkaContainer container;

  private ContainerTestBroker(KafkaContainer container) {
    this.container = container;
  }

  @SuppressWarnings("resource") // closed by close()
  static ContainerTestBroker start() {
    KafkaContainer container =
        new KafkaContainer(IMAGE)
            // Testcontainers already sets replication factors of 1 and no rebalance delay; these
            // make topic defaults match the in-process broker.
            .withEnv(
                "KAFKA_NUM_PARTITIONS", Integer.toString(EmbeddedKafkaConfig.DEFAULT_PARTITIONS))
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "5");
    container.start();
    return new ContainerTestBroker(container);
  }

  @Override
  public KafkaChoice kind() {
    return KafkaChoice.CONTAINER;
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public String description() {
    return "Testcontainers " + IMAGE + " at " + container.getBootstrapServers();
  }

  @Override
  public boolean supportsRestart() {
    return false;
  }

  @Override
  public void restart(Runnable whileStopped) {
    // Docker maps a new host port on every start, and the broker advertises the old one.
    throw new UnsupportedOperationException(
        "The Testcontainers broker cannot restart on the same"
            + " address; run this test with -D"
            + KafkaChoice.PROPERTY
            + "=embedded");
  }

  @Override
  public void close() {
    container.close();
  }
}
