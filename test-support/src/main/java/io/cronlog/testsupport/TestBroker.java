package io.cronlog.testsupport;

/** The one Kafka broker of a test JVM, whichever kind was chosen. */
sealed interface TestBroker extends AutoCloseable permits EmbeddedTestBroker, ContainerTestBroker {

  KafkaChoice kind();

  String bootstrapServers();

  /** What ran, for the log and for tests: "in-process KRaft broker at localhost:1234". */
  String description();

  boolean supportsRestart();

  /**
   * Restarts the broker on the same address with its data, running {@code whileStopped} while it is
   * down, or says why it cannot.
   */
  void restart(Runnable whileStopped);

  @Override
  void close();
}
