package io.cronlog.devkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

  private static EmbeddedKafka shared;

  @BeforeAll
  static void startSharedBroker() {
    shared = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults());
  }

  @AfterAll
  static void stopSharedBroker() {
    shared.close();
  }

  @Test
  void consumerReadsWhatProducerWrote() throws Exception {
    Clients.send(shared.bootstrapServers(), "plain", "one", "two", "three");

    assertThat(Clients.readValues(shared.bootstrapServers(), "plain", "read_uncommitted", 3))
        .containsExactlyInAnyOrder("one", "two", "three");
  }

  @Test
  void autoCreatedTopicGetsTheConfiguredDefaultPartitions() throws Exception {
    Clients.send(shared.bootstrapServers(), "defaulted", "x");

    try (Admin admin = admin(shared)) {
      int partitions =
          admin
              .describeTopics(List.of("defaulted"))
              .allTopicNames()
              .get()
              .get("defaulted")
              .partitions()
              .size();
      assertThat(partitions).isEqualTo(EmbeddedKafkaConfig.DEFAULT_PARTITIONS);
    }
  }

  @Test
  void consumerGroupOfTheNewProtocolGetsAssignedAndReads() throws Exception {
    Clients.send(shared.bootstrapServers(), "kip848", "p", "q");

    try (KafkaConsumer<String, String> consumer =
        Clients.consumer(shared.bootstrapServers(), "new-protocol", "read_committed", "consumer")) {
      consumer.subscribe(List.of("kip848"));
      assertThat(Clients.pollValues(consumer, 2, Duration.ofSeconds(30)))
          .containsExactlyInAnyOrder("p", "q");
    }
  }

  @Test
  void readCommittedConsumerSeesCommittedTransactionAndNotAbortedOne() throws Exception {
    try (Admin admin = admin(shared)) {
      // One partition, so the aborted records come first in the log and would be read first.
      admin.createTopics(List.of(new NewTopic("tx", 1, (short) 1))).all().get();
    }
    try (KafkaProducer<String, String> producer =
        Clients.transactionalProducer(shared.bootstrapServers())) {
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("tx", "k", "aborted-1"));
      producer.send(new ProducerRecord<>("tx", "k", "aborted-2"));
      // Without a flush the client drops unsent records on abort, and the log never holds them.
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("tx", "k", "committed-1"));
      producer.send(new ProducerRecord<>("tx", "k", "committed-2"));
      producer.commitTransaction();
    }

    assertThat(Clients.readValues(shared.bootstrapServers(), "tx", "read_committed", 2))
        .containsExactly("committed-1", "committed-2");
    assertThat(Clients.readValues(shared.bootstrapServers(), "tx", "read_uncommitted", 4))
        .containsExactly("aborted-1", "aborted-2", "committed-1", "committed-2");
  }

  @Test
  void restartKeepsPortRecordsAndCommittedOffsets() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults());
        KafkaProducer<String, String> producer =
            Clients.producer(kafka.bootstrapServers(), Map.of())) {
      String bootstrap = kafka.bootstrapServers();
      for (String value : List.of("a", "b", "c")) {
        producer.send(new ProducerRecord<>("survives", value, value)).get();
      }
      try (KafkaConsumer<String, String> group =
          Clients.consumer(bootstrap, "g", "read_committed")) {
        group.subscribe(List.of("survives"));
        assertThat(Clients.pollValues(group, 3, Duration.ofSeconds(30))).hasSize(3);
        group.commitSync();
      }

      kafka.restart();
      // A producer that lived through the restart reconnects and goes on.
      producer.send(new ProducerRecord<>("survives", "d", "d")).get();

      assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
      assertThat(Clients.readValues(bootstrap, "survives", "read_committed", 4))
          .containsExactlyInAnyOrder("a", "b", "c", "d");
      try (KafkaConsumer<String, String> group =
          Clients.consumer(bootstrap, "g", "read_committed")) {
        group.subscribe(List.of("survives"));
        assertThat(Clients.pollValues(group, 1, Duration.ofSeconds(30))).containsExactly("d");
      }
    }
  }

  @Test
  void servesOnTheFixedPortGivenAndKeepsTheGivenDataDirectory(@TempDir Path tmp) throws Exception {
    int port = freePort();
    Path dataDir = tmp.resolve("kafka");
    EmbeddedKafka kafka =
        EmbeddedKafka.start(EmbeddedKafkaConfig.defaults().withPort(port).withDataDir(dataDir));
    try {
      assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + port);
      Clients.send(kafka.bootstrapServers(), "fixed", "before");
      kafka.restart();
      Clients.send(kafka.bootstrapServers(), "fixed", "after");
      assertThat(Clients.readValues("localhost:" + port, "fixed", "read_committed", 2))
          .containsExactlyInAnyOrder("before", "after");
    } finally {
      kafka.close();
    }
    try (var entries = Files.list(dataDir)) {
      assertThat(entries).isNotEmpty();
    }
  }

  @Test
  void aSecondStartOnAKeptDirectoryServesTheSameClusterItsRecordsAndCommittedOffsets(
      @TempDir Path tmp) throws Exception {
    Path dataDir = tmp.resolve("kafka");
    String clusterId;
    try (EmbeddedKafka first =
            EmbeddedKafka.start(EmbeddedKafkaConfig.defaults().withDataDir(dataDir));
        Admin admin = admin(first)) {
      clusterId = admin.describeCluster().clusterId().get();
      Clients.send(first.bootstrapServers(), "kept", "a", "b");
      try (KafkaConsumer<String, String> group =
          Clients.consumer(first.bootstrapServers(), "g", "read_committed")) {
        group.subscribe(List.of("kept"));
        assertThat(Clients.pollValues(group, 2, Duration.ofSeconds(30))).hasSize(2);
        group.commitSync();
      }
    }

    // As a new process would: a new kit on the directory the first one left.
    try (EmbeddedKafka second =
            EmbeddedKafka.start(EmbeddedKafkaConfig.defaults().withDataDir(dataDir));
        Admin admin = admin(second)) {
      assertThat(admin.describeCluster().clusterId().get()).isEqualTo(clusterId);
      Clients.send(second.bootstrapServers(), "kept", "c");
      assertThat(Clients.readValues(second.bootstrapServers(), "kept", "read_committed", 3))
          .containsExactlyInAnyOrder("a", "b", "c");
      try (KafkaConsumer<String, String> group =
          Clients.consumer(second.bootstrapServers(), "g", "read_committed")) {
        group.subscribe(List.of("kept"));
        assertThat(Clients.pollValues(group, 1, Duration.ofSeconds(30))).containsExactly("c");
      }
    }
  }

  @Test
  void closeDeletesTheTemporaryDataDirectoryAndCanBeRepeated() {
    EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults());
    Path dataDir = kafka.dataDir();
    assertThat(dataDir).isDirectory();

    kafka.close();
    kafka.close();

    assertThat(dataDir).doesNotExist();
    assertThatThrownBy(kafka::restart).isInstanceOf(IllegalStateException.class);
  }

  private static Admin admin(EmbeddedKafka kafka) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
