package io.cronlog.audit.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.JobObserved;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.runtime.topics.Topics;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The trail read back from a real broker, written as the services write it. */
@ExtendWith(KafkaExtension.class)
class TrailReaderIT {

  static final int PARTITIONS = 4;
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  final List<AutoCloseable> closeAfter = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      closeAfter.get(i).close();
    }
  }

  @Test
  void computesThePartitionKafkasProducerChoseForEachKey(KafkaFixture kafka) throws Exception {
    Topics topics = keyedTopics(kafka, PARTITIONS);
    TrailProducer producer = producer(kafka);
    TrailReader reader = reader(kafka);
    TreeSet<Integer> written = new TreeSet<>();
    List<ScheduledJobKey> keys = new ArrayList<>();

    for (int i = 0; i < 20; i++) {
      String key = "team-" + i + "/nightly-" + i;
      int partition = producer.send(topics.commands(), key, Trail.createJob(key, NOW)).partition();
      assertThat(reader.partitionsOf(List.of(ScheduledJobKey.parse(key))))
          .as(key)
          .containsExactly(partition);
      written.add(partition);
      keys.add(ScheduledJobKey.parse(key));
    }

    assertThat(written).as("the keys spread over several partitions").hasSizeGreaterThan(1);
    assertThat(reader.partitionsOf(keys)).containsExactlyElementsOf(written);
    assertThat(reader.partitionsOf(List.of())).containsExactly(0, 1, 2, 3);
    assertThat(reader.partitionCount()).isEqualTo(PARTITIONS);
  }

  @Test
  void readsOnlyTheAskedKeysOfThePartitionHoldingThem(KafkaFixture kafka) throws Exception {
    Topics topics = keyedTopics(kafka, PARTITIONS);
    TrailProducer producer = producer(kafka);
    String a = keyIn(0, 0);
    String c = keyIn(0, 1);
    String b = keyIn(1, 0);
    ScheduledJobObserved aObserved = Trail.scheduledJobObserved(a, "1", NOW);
    ScheduledJobObserved cObserved = Trail.scheduledJobObserved(c, "1", NOW);
    ScheduledJobObserved bObserved = Trail.scheduledJobObserved(b, "1", NOW);
    JobObserved aJob =
        Trail.jobObserved("team", a.substring("team/".length()), "a-job", NOW.plusSeconds(1));
    producer.transaction(
        true,
        List.of(
            producer.record(topics.events(), a, aObserved),
            producer.record(topics.events(), c, cObserved),
            producer.record(topics.events(), b, bObserved),
            producer.record(topics.events(), a, aJob)));
    CreateJob aRun = Trail.createJob(a, NOW.plusSeconds(60));
    CreateJob cRun = Trail.createJob(c, NOW.plusSeconds(60));
    producer.send(topics.commands(), c, cRun);
    producer.send(topics.commands(), a, aRun);
    CommandOutcome aCreated = Trail.created(aRun);
    producer.send(topics.outcomes(), c, Trail.created(cRun));
    producer.send(topics.outcomes(), a, aCreated);
    TrailReader reader = reader(kafka);

    assertThat(reader.partitionsOf(List.of(ScheduledJobKey.parse(a)))).containsExactly(0);
    List<TrailRecord> events = read(reader, topics.events(), 0, null, null, Set.of(a));
    assertThat(events).extracting(TrailRecord::record).containsExactly(aObserved, aJob);
    assertThat(events.get(0).ref())
        .isEqualTo(new RecordRef(topics.events(), 0, 0, aObserved.id(), "ScheduledJobObserved"));
    assertThat(events.get(1).ref())
        .isEqualTo(new RecordRef(topics.events(), 0, 2, aJob.id(), "JobObserved"));
    assertThat(events).extracting(TrailRecord::key).containsExactly(a, a);
    assertThat(events).extracting(TrailRecord::timestamp).containsExactly(NOW, NOW.plusSeconds(1));
    assertThat(read(reader, topics.commands(), 0, null, null, Set.of(a)))
        .extracting(TrailRecord::record)
        .containsExactly(aRun);
    assertThat(read(reader, topics.outcomes(), 0, null, null, Set.of(a)))
        .extracting(TrailRecord::record)
        .containsExactly(aCreated);
    assertThat(read(reader, topics.events(), 0, null, null, Set.of()))
        .extracting(TrailRecord::record)
        .containsExactly(aObserved, cObserved, aJob);
  }

  @Test
  void readCommittedLeavesOutAnAbortedTransaction(KafkaFixture kafka) throws Exception {
    Topics topics = keyedTopics(kafka, PARTITIONS);
    TrailProducer producer = producer(kafka);
    String a = keyIn(2, 0);
    ScheduledJobObserved first = Trail.scheduledJobObserved(a, "1", NOW);
    ScheduledJobObserved aborted = Trail.scheduledJobObserved(a, "2", NOW.plusSeconds(1));
    ScheduledJobObserved third = Trail.scheduledJobObserved(a, "3", NOW.plusSeconds(2));
    producer.transaction(true, List.of(producer.record(topics.events(), a, first)));
    producer.transaction(false, List.of(producer.record(topics.events(), a, aborted)));
    producer.transaction(true, List.of(producer.record(topics.events(), a, third)));

    List<TrailRecord> read = read(reader(kafka), topics.events(), 2, null, null, Set.of());

    assertThat(read).extracting(TrailRecord::record).containsExactly(first, third);
    // Three records and three transaction markers: the aborted record is on the log, and hidden.
    assertThat(endOffset(kafka, topics.events(), 2)).isEqualTo(6);
  }

  @Test
  void seeksByTimeAndStopsShortlyAfterUntil(KafkaFixture kafka) throws Exception {
    Topics topics = keyedTopics(kafka, PARTITIONS);
    TrailProducer producer = producer(kafka);
    String a = keyIn(3, 0);
    // In the past: a broker refuses timestamps more than an hour ahead of its clock.
    Instant from = NOW.minus(Duration.ofHours(3));
    Instant until = from.plus(Duration.ofMinutes(10));
    List<CreateJob> runs =
        List.of(
            Trail.createJob(a, from.minus(Duration.ofHours(1))),
            Trail.createJob(a, from.minus(Duration.ofMinutes(4))),
            Trail.createJob(a, from.plus(Duration.ofMinutes(1))),
            Trail.createJob(a, until.plus(Duration.ofMinutes(2))),
            Trail.createJob(a, until.plus(Duration.ofHours(1))));
    for (CreateJob run : runs) {
      producer.send(topics.commands(), a, run);
    }
    TrailReader reader = reader(kafka);

    assertThat(read(reader, topics.commands(), 3, from, until, Set.of(a)))
        .extracting(TrailRecord::record)
        .containsExactly(runs.get(1), runs.get(2), runs.get(3));
    assertThat(read(reader, topics.commands(), 3, from, null, Set.of(a)))
        .extracting(TrailRecord::record)
        .containsExactlyElementsOf(runs.subList(1, 5));
    assertThat(read(reader, topics.commands(), 3, null, until, Set.of(a)))
        .extracting(TrailRecord::record)
        .containsExactlyElementsOf(runs.subList(0, 4));
    assertThat(read(reader, topics.commands(), 3, NOW, null, Set.of(a))).isEmpty();
  }

  @Test
  void unreadableCommandsComeBackWithTheirReasonAmongTheReadOnes(KafkaFixture kafka)
      throws Exception {
    Topics topics = keyedTopics(kafka, PARTITIONS);
    TrailProducer producer = producer(kafka);
    String a = keyIn(1, 0);
    String other = keyIn(1, 1);
    CreateJob before = Trail.createJob(a, NOW);
    CreateJob otherRun = Trail.createJob(other, NOW);
    CreateJob after = Trail.createJob(a, NOW.plusSeconds(60));
    String version2 =
        new String(producer.encode(Trail.createJob(a, NOW.plusSeconds(30))), StandardCharsets.UTF_8)
            .replace("\"schemaVersion\":1", "\"schemaVersion\":2");
    String commands = topics.commands();
    producer.send(commands, a, before);
    producer.send(new ProducerRecord<>(commands, a, "not json {".getBytes(StandardCharsets.UTF_8)));
    producer.send(
        new ProducerRecord<>(
            commands, other, "garbage of a key not asked for".getBytes(StandardCharsets.UTF_8)));
    producer.send(new ProducerRecord<>(commands, a, version2.getBytes(StandardCharsets.UTF_8)));
    producer.send(commands, a, otherRun);
    producer.send(new ProducerRecord<>(commands, a, null));
    producer.send(commands, a, after);

    List<TrailRecord> read = read(reader(kafka), commands, 1, null, null, Set.of(a));

    assertThat(read)
        .extracting(TrailRecord::ref)
        .containsExactly(
            new RecordRef(commands, 1, 0, before.id(), "CreateJob"),
            new RecordRef(commands, 1, 1, null, "unreadable"),
            new RecordRef(commands, 1, 3, null, "unreadable"),
            new RecordRef(commands, 1, 4, otherRun.id(), "CreateJob"),
            new RecordRef(commands, 1, 5, null, "unreadable"),
            new RecordRef(commands, 1, 6, after.id(), "CreateJob"));
    assertThat(read)
        .extracting(TrailRecord::record)
        .containsExactly(before, null, null, null, null, after);
    assertThat(read.get(1).unreadable()).startsWith("not JSON: ").doesNotContain("\n");
    assertThat(read)
        .extracting(TrailRecord::unreadable)
        .containsExactly(
            null,
            read.get(1).unreadable(),
            "schemaVersion 2 is not supported; this build reads schemaVersion 1",
            "written under key '" + a + "' but about the ScheduledJob '" + other + "'",
            "the record has no value (null)",
            null);
  }

  @Test
  void eventsAboutAnotherScheduledJobThanTheirKeyAreUnreadable(KafkaFixture kafka)
      throws Exception {
    Topics topics = keyedTopics(kafka, PARTITIONS);
    TrailProducer producer = producer(kafka);
    String a = keyIn(2, 0);
    String other = keyIn(2, 1);
    String aName = a.substring("team/".length());
    ScheduledJobObserved good = Trail.scheduledJobObserved(a, "1", NOW);
    ScheduledJobObserved otherObserved = Trail.scheduledJobObserved(other, "1", NOW);
    JobObserved otherJob = Trail.jobObserved("team", other.substring("team/".length()), "x-1", NOW);
    JobObserved elsewhereJob = Trail.jobObserved("elsewhere", aName, "x-2", NOW);
    JobObserved goodJob = Trail.jobObserved("team", aName, "a-1", NOW);
    producer.transaction(
        true,
        List.of(
            producer.record(topics.events(), a, good),
            producer.record(topics.events(), a, otherObserved),
            producer.record(topics.events(), a, otherJob),
            producer.record(topics.events(), a, elsewhereJob),
            producer.record(topics.events(), a, goodJob)));

    List<TrailRecord> read = read(reader(kafka), topics.events(), 2, null, null, Set.of(a));

    assertThat(read)
        .extracting(TrailRecord::record)
        .containsExactly(good, null, null, null, goodJob);
    assertThat(read)
        .extracting(TrailRecord::unreadable)
        .containsExactly(
            null,
            "written under key '" + a + "' but about the ScheduledJob '" + other + "'",
            "written under key '" + a + "' but about the ScheduledJob '" + other + "'",
            "written under key '" + a + "' but about the ScheduledJob 'elsewhere/" + aName + "'",
            null);
    assertThat(read.get(2).ref())
        .isEqualTo(new RecordRef(topics.events(), 2, 2, otherJob.id(), "JobObserved"));
  }

  @Test
  void readsDeadLettersFromThePartitionsOfTheAskedKeysOnly(KafkaFixture kafka) throws Exception {
    Topics topics = keyedTopics(kafka, PARTITIONS);
    TrailProducer.createTopics(kafka, 3, "dead-letter");
    TrailProducer producer = producer(kafka);
    String a = keyIn(0, 0);
    String b =
        "team/"
            + IntStream.range(0, 100)
                .mapToObj(i -> "b-" + i)
                .filter(
                    n ->
                        KeyPartitioner.partitionOf("team/" + n, 3)
                            != KeyPartitioner.partitionOf(a, 3))
                .findFirst()
                .orElseThrow();
    DeadLetter aLetter = Trail.deadLetter(topics.commands(), 1, a, NOW);
    DeadLetter bLetter = Trail.deadLetter(topics.commands(), 2, b, NOW);
    DeadLetter misplaced = Trail.deadLetter(topics.commands(), 3, a, NOW);
    int aPartition = producer.send(topics.deadLetter(), a, aLetter).partition();
    producer.send(topics.deadLetter(), b, bLetter);
    int elsewhere = (aPartition + 1) % 3;
    producer.send(
        new ProducerRecord<>(
            topics.deadLetter(), elsewhere, NOW.toEpochMilli(), a, producer.encode(misplaced)));
    TrailReader reader = reader(kafka);

    List<TrailRecord> forA = new ArrayList<>();
    reader.readDeadLetters(null, null, Set.of(a), forA::add);
    List<TrailRecord> all = new ArrayList<>();
    reader.readDeadLetters(null, null, Set.of(), all::add);

    assertThat(forA).extracting(TrailRecord::record).containsExactly(aLetter);
    assertThat(forA.get(0).ref())
        .isEqualTo(new RecordRef(topics.deadLetter(), aPartition, 0, aLetter.id(), "DeadLetter"));
    assertThat(all)
        .extracting(TrailRecord::record)
        .containsExactlyInAnyOrder(aLetter, bLetter, misplaced);
  }

  @Test
  void aMissingTopicIsOneLineNamingItAndTheBroker(KafkaFixture kafka) {
    Topics topics = new Topics(kafka.topicPrefix());
    TrailReader reader = reader(kafka);

    assertThatThrownBy(reader::partitionCount)
        .isInstanceOf(TrailUnavailableException.class)
        .hasMessage(
            "topic "
                + topics.events()
                + " does not exist at "
                + kafka.bootstrapServers()
                + ": is cronlog running there, with this topic prefix?");
    assertThatThrownBy(() -> reader.readDeadLetters(null, null, Set.of(), r -> {}))
        .hasMessage(
            "topic "
                + topics.deadLetter()
                + " does not exist at "
                + kafka.bootstrapServers()
                + ": is cronlog running there, with this topic prefix?");
    assertThat(topicNames(kafka))
        .as("asking created no topic")
        .noneMatch(t -> t.startsWith(kafka.topicPrefix()));
  }

  @Test
  void keyedTopicsThatDisagreeOnTheirPartitionCountAreRefused(KafkaFixture kafka) {
    TrailProducer.createTopics(kafka, 3, "events", "commands");
    TrailProducer.createTopics(kafka, 2, "outcomes");
    Topics topics = new Topics(kafka.topicPrefix());

    assertThatThrownBy(reader(kafka)::partitionCount)
        .isInstanceOf(TrailUnavailableException.class)
        .hasMessageContaining(
            "disagree on their partition count {"
                + topics.events()
                + "=3, "
                + topics.commands()
                + "=3, "
                + topics.outcomes()
                + "=2}")
        .message()
        .doesNotContain("\n");
  }

  @Test
  void anUnreachableBrokerFailsInOneLineWithinTwentySeconds(KafkaFixture kafka) throws IOException {
    String address = "127.0.0.1:" + closedPort();
    Topics topics = new Topics(kafka.topicPrefix());
    KafkaConnection connection =
        KafkaConnection.resolve(
            new KafkaConnection.Flags(address, kafka.topicPrefix(), null), Map.of(), Path.of("."));

    TrailUnavailableException failure =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> {
              try (TrailReader reader = new TrailReader(connection)) {
                return Assertions.assertThrows(
                    TrailUnavailableException.class,
                    () -> reader.read(topics.events(), 0, null, null, Set.of(), r -> {}));
              }
            });

    assertThat(failure)
        .hasMessage(
            "Kafka at "
                + address
                + " (from --bootstrap-servers) does not answer"
                + " (gave up reading the partitions of "
                + topics.events()
                + ")");
  }

  /** A key {@code team/...} in partition {@code partition}, the {@code nth} such name. */
  static String keyIn(int partition, int nth) {
    return IntStream.range(0, 1000)
        .mapToObj(i -> "team/job-" + i)
        .filter(key -> KeyPartitioner.partitionOf(key, PARTITIONS) == partition)
        .skip(nth)
        .findFirst()
        .orElseThrow();
  }

  private static List<TrailRecord> read(
      TrailReader reader,
      String topic,
      int partition,
      Instant from,
      Instant until,
      Set<String> keys) {
    List<TrailRecord> read = new ArrayList<>();
    reader.read(topic, partition, from, until, keys, read::add);
    return read;
  }

  private Topics keyedTopics(KafkaFixture kafka, int partitions) {
    TrailProducer.createTopics(kafka, partitions, "events", "commands", "outcomes");
    return new Topics(kafka.topicPrefix());
  }

  private TrailProducer producer(KafkaFixture kafka) {
    TrailProducer producer = new TrailProducer(kafka);
    closeAfter.add(producer);
    return producer;
  }

  private TrailReader reader(KafkaFixture kafka) {
    TrailReader reader = new TrailReader(kafka.clientProperties(), new Topics(kafka.topicPrefix()));
    closeAfter.add(reader);
    return reader;
  }

  private static long endOffset(KafkaFixture kafka, String topic, int partition) throws Exception {
    TopicPartition tp = new TopicPartition(topic, partition);
    try (Admin admin = kafka.admin()) {
      return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
    }
  }

  private static Set<String> topicNames(KafkaFixture kafka) {
    try (Admin admin = kafka.admin()) {
      return admin.listTopics().names().get();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot list topics", e);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
