package io.cronlog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;

@ExtendWith(KafkaExtension.class)
class KafkaFixtureIT {

  private KafkaFixture beforeEach;

  @BeforeEach
  void remember(KafkaFixture kafka) {
    beforeEach = kafka;
  }

  @Test
  void reportsTheKafkaThatTheEnvironmentCallsFor(KafkaFixture kafka) throws Exception {
    KafkaChoice expected =
        KafkaChoice.decide(
            KafkaChoice.forcedValue(), () -> DockerClientFactory.instance().isDockerAvailable());

    assertThat(kafka.kind()).isEqualTo(expected);
    assertThat(kafka.description())
        .isEqualTo(
            switch (expected) {
              case EMBEDDED -> "in-process KRaft broker at " + kafka.bootstrapServers();
              case CONTAINER -> "Testcontainers apache/kafka:4.1.1 at " + kafka.bootstrapServers();
            });
    try (Admin admin = kafka.admin()) {
      assertThat(admin.describeCluster().nodes().get()).hasSize(1);
    }
  }

  @Test
  void givesBeforeEachAndTheTestTheSameFixture(KafkaFixture kafka) {
    assertThat(kafka).isSameAs(beforeEach);
  }

  @Test
  void prefixesThisTestsTopicsWithItsName(KafkaFixture kafka) throws Exception {
    List<String> created = kafka.createTopics(2, "events", "state");

    assertThat(kafka.topicPrefix()).matches("t\\d+-prefixesThisTestsTopicsWithItsName\\.");
    assertThat(created).containsExactly(kafka.topic("events"), kafka.topic("state"));
    try (Admin admin = kafka.admin()) {
      assertThat(admin.listTopics().names().get()).containsAll(created);
      assertThat(
              admin.describeTopics(created).allTopicNames().get().get(created.get(0)).partitions())
          .hasSize(2);
    }
  }

  @Test
  void restartKeepsRecordsOrSaysWhyItCannot(KafkaFixture kafka) throws Exception {
    String topic = kafka.createTopics(1, "kept").get(0);
    Records.send(kafka, topic, "before");

    if (kafka.supportsRestart()) {
      String bootstrap = kafka.bootstrapServers();
      kafka.restart();
      Records.send(kafka, topic, "after");
      assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
      assertThat(kafka.readAllValues(topic)).containsExactly("before", "after");
    } else {
      assertThatThrownBy(kafka::restart)
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("-Dcronlog.test.kafka=embedded");
    }
  }
}
