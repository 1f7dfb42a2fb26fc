package io.cronlog.testsupport;

import io.cronlog.devkafka.EmbeddedKafka;
import io.cronlog.devkafka.EmbeddedKafkaConfig;

/** The in-process KRaft broker of dev-kafka, as the tests' broker. */
final class EmbeddedTestBroker implements TestBroker {

  private final EmbeddedKafka kafka;

  private EmbeddedTestBroker(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  static EmbeddedTestBroker start() {
    return new EmbeddedTestBroker(EmbeddedKafka.start(EmbeddedKafkaConfig.defaults()));
  }

  @Override
  public KafkaChoice kind() {
    return KafkaChoice.EMBEDDED;
  }

  @Override
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  @Override
  public String description() {
    return "in-process KRaft broker at " + kafka.bootstrapServers();
  }

  @Override
  public boolean supportsRestart() {
    return true;
  }

  @Override
  public void restart(Runnable whileStopped) {
    kafka.restart(whileStopped);
  }

  @Override
  public void close() {
    kafka.close();
  }
}
