package io.cronlog.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/** Starts the broker chosen for this test JVM and says in the log which one runs. */
final class TestBrokers {

  private static final Logger LOG = LoggerFactory.getLogger(TestBrokers.class);

  private TestBrokers() {}

  static TestBroker startChosen() {
    String forced = KafkaChoice.forcedValue();
    KafkaChoice choice =
        KafkaChoice.decide(forced, () -> DockerClientFactory.instance().isDockerAvailable());
    TestBroker broker =
        choice == KafkaChoice.CONTAINER ? ContainerTestBroker.start() : EmbeddedTestBroker.start();
    String reason =
        forced != null && !forced.isBlank()
            ? "forced by " + KafkaChoice.PROPERTY + "=" + forced
            : choice == KafkaChoice.CONTAINER
                ? "a Docker engine is reachable"
                : "no Docker engine is reachable";
    LOG.info("Kafka for tests: {} ({})", broker.description(), reason);
    return broker;
  }
}
