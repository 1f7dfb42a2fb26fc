package io.cronlog.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.RecordIds;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.scheduler.state.PartitionRestore;
import io.cronlog.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole scheduler without a broker: state records handed in through a {@link MockConsumer},
 * commands and dead letters read back from a {@link MockProducer}, decisions at a settable clock.
 * Timers are real (Quartz in memory); each schedule here falls due at most once per hour of
 * wall-clock time, so none fires while a test runs. Three decision threads, so that the
 * ScheduledJobs of one partition are spread over several.
 */
class SchedulerServiceTest {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final String PREFIX = "unit.";

  final RecordCodec codec = new RecordCodec();

  /**
   * Now, to the second: the wall clock's hour, so that Quartz sets its timers in the real future.
   */
  final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

  final SchedulerConfig config =
      SchedulerConfig.fromEnvironment(
          Map.of(
              KafkaSettings.BOOTSTRAP_SERVERS,
              "localhost:9",
              KafkaSettings.TOPIC_PREFIX,
              PREFIX,
              SchedulerConfig.SAFETY_CHECK_INTERVAL,
              "PT1H",
              SchedulerConfig.DECISION_THREADS,
              "3"));
  final String stateTopic = config.kafka().topics().state();
  final String commandsTopic = config.kafka().topics().commands();
  final StateRecords state = new StateRecords(stateTopic);
  final CommandsTail tail = new CommandsTail();
  final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  SchedulerService service;

  @AfterEach
  void close() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void aRestoredScheduledJobWhoseRunIsDueIsPublishedAsOneCreateJob() throws Exception {
    state.add(0, stateOf(hourly("due", clock.instant().minus(Duration.ofHours(2)))));

    start(0);

    Instant lastHour = clock.instant().truncatedTo(ChronoUnit.HOURS);
    await().atMost(WAIT).until(() -> !createJobs().isEmpty());
    assertThat(createJobs())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.target().key())
                  .isEqualTo(new ScheduledJobKey(StateTopic.NAMESPACE, "due"));
              assertThat(run.scheduledTime()).isEqualTo(lastHour);
              assertThat(run.time()).isEqualTo(clock.instant());
            });
    assertThat(producer.history())
        .filteredOn(r -> r.topic().equals(commandsTopic))
        .allSatisfy(r -> assertThat(r.key()).isEqualTo("team-a/due"));
  }

  @Test
  void aRunAnEarlierOwnerPublishedIsNotPublishedAgain() throws Exception {
    ScheduledJob sj = hourly("handed-over", clock.instant().minus(Duration.ofHours(2)));
    state.add(0, stateOf(sj));
    Instant lastHour = clock.instant().truncatedTo(ChronoUnit.HOURS);
    tail.add(
        0,
        "team-a/handed-over",
        codec.encode(
            CreateJob.forRun(
                ScheduledJobRef.of(sj),
                lastHour,
                RunReason.SCHEDULED,
                null,
                lastHour.plusSeconds(1))),
        clock.instant().minusSeconds(30));

    start(0);

    await().atMost(WAIT).until(() -> service.health().livePartitions().contains(0));
    assertThat(createJobs()).isEmpty();
    assertThat(service.timerOf(new ScheduledJobKey(StateTopic.NAMESPACE, "handed-over")))
        .contains(lastHour.plus(Duration.ofHours(1)));
  }

  @Test
  void aMalformedStateRecordGoesToTheDeadLetterTopicWithItsReasonAndTheOthersStillRun()
      throws Exception {
    state.addRaw(0, "team-a/garbage", "not json".getBytes(StandardCharsets.UTF_8));
    state.addRaw(0, "no-slash", codec.encode(stateOf(hourly("keyless", clock.instant()))));
    state.add(0, stateOf(hourly("healthy", clock.instant().minus(Duration.ofHours(2)))));

    start(0);

    await().atMost(WAIT).until(() -> !createJobs().isEmpty());
    assertThat(createJobs()).extracting(run -> run.target().name()).containsExactly("healthy");
    List<DeadLetter> letters = deadLetters();
    assertThat(letters).extracting(DeadLetter::key).containsExactly("team-a/garbage", "no-slash");
    assertThat(letters.get(0).reason()).startsWith("not JSON");
    assertThat(letters.get(0).sourceTopic()).isEqualTo(stateTopic);
    assertThat(letters.get(0).offset()).isZero();
    assertThat(letters.get(1).reason()).startsWith("record key 'no-slash' is not");
    assertThat(registry.get("cronlog.scheduler.dead.letters").counter().count()).isEqualTo(2.0);
  }

  @Test
  void aCommandFoundAtRestoreUnderAnotherScheduledJobsKeyGoesToTheDeadLetters() throws Exception {
    ScheduledJob sj = hourly("guarded", clock.instant().minus(Duration.ofHours(2)));
    state.add(0, stateOf(sj));
    Instant lastHour = clock.instant().truncatedTo(ChronoUnit.HOURS);
    ScheduledJobRef other = new ScheduledJobRef(StateTopic.NAMESPACE, "other", "uid-of-other");
    tail.add(
        0,
        "team-a/guarded",
        codec.encode(CreateJob.forRun(other, lastHour, RunReason.SCHEDULED, null, lastHour)),
        clock.instant().minusSeconds(30));

    start(0);

    // Not taken as the run of "guarded": it still runs.
    await().atMost(WAIT).until(() -> !createJobs().isEmpty());
    assertThat(createJobs()).extracting(run -> run.target().name()).containsExactly("guarded");
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.sourceTopic()).isEqualTo(commandsTopic);
              assertThat(letter.reason())
                  .isEqualTo(
                      "record key 'team-a/guarded' is not the command's target team-a/other");
            });
  }

  @Test
  void aPartitionGoesLiveOnceEveryDecisionThreadHasDecidedItsScheduledJobsEachOnce()
      throws Exception {
    List<String> names = IntStream.range(0, 30).mapToObj(i -> "sj-" + i).toList();
    names.forEach(
        name -> state.add(0, stateOf(hourly(name, clock.instant().minus(Duration.ofHours(2))))));

    start(0);

    await().atMost(WAIT).until(() -> service.health().livePartitions().contains(0));
    assertThat(service.restores())
        .singleElement()
        .satisfies(
            restore -> {
              assertThat(restore.stateRecords()).isEqualTo(30);
              assertThat(restore.scheduledJobs()).isEqualTo(30);
            });
    await().atMost(WAIT).until(() -> createJobs().size() >= 30);
    assertThat(createJobs())
        .extracting(run -> run.target().name())
        .containsExactlyInAnyOrderElementsOf(names);
    assertThat(registry.get("cronlog.scheduler.scheduled.jobs").gauge().value()).isEqualTo(30.0);
    // All wake at the next hour: one Quartz timer per decision thread, not one per ScheduledJob.
    assertThat(service.wakeTimersSet()).isEqualTo(3);
  }

  @Test
  void aTimerThatFiresDecidesEveryScheduledJobItWasSetFor() throws Exception {
    // Due in 2 s of wall-clock time, which is when Quartz fires; the decisions then read the
    // settable clock, moved past the run's time before it fires. (Whole seconds: a creation
    // timestamp has no fraction.)
    Instant created = clock.instant().minusSeconds(1);
    List<String> names = IntStream.range(0, 6).mapToObj(i -> "every-" + i).toList();
    names.forEach(
        name -> state.add(0, stateOf(StateTopic.scheduledJob(name, "@every 3s", created))));
    start(0);
    await().atMost(WAIT).until(() -> service.health().livePartitions().contains(0));
    assertThat(createJobs()).isEmpty();

    clock.advance(Duration.ofSeconds(3));

    await().atMost(WAIT).until(() -> createJobs().size() >= 6);
    assertThat(createJobs())
        .allSatisfy(run -> assertThat(run.scheduledTime()).isEqualTo(created.plusSeconds(3)))
        .extracting(run -> run.target().name())
        .containsExactlyInAnyOrderElementsOf(names);
  }

  @Test
  void aRevokedPartitionsScheduledJobsAreForgottenAndTheirTimersCancelled() throws Exception {
    // Several of each, so that both partitions have ScheduledJobs on every decision thread.
    List<ScheduledJobKey> stays = keys("stays-", 6);
    List<ScheduledJobKey> moves = keys("moves-", 6);
    stays.forEach(key -> state.add(0, stateOf(hourly(key.name(), clock.instant()))));
    moves.forEach(key -> state.add(1, stateOf(hourly(key.name(), clock.instant()))));
    start(0, 1);
    await().atMost(WAIT).until(() -> service.health().livePartitions().equals(Set.of(0, 1)));
    assertThat(moves).allSatisfy(key -> assertThat(service.timerOf(key)).isPresent());

    state.assign(0);

    await().atMost(WAIT).until(() -> service.health().livePartitions().equals(Set.of(0)));
    assertThat(moves).allSatisfy(key -> assertThat(service.timerOf(key)).isEmpty());
    assertThat(stays).allSatisfy(key -> assertThat(service.timerOf(key)).isPresent());
    assertThat(registry.get("cronlog.scheduler.scheduled.jobs").gauge().value()).isEqualTo(6.0);

    state.assign();

    await().atMost(WAIT).until(() -> service.health().livePartitions().isEmpty());
    assertThat(service.wakeTimersSet()).isZero();
  }

  @Test
  void aTombstoneDropsTheScheduledJobAndItsTimer() throws Exception {
    ScheduledJobKey key = new ScheduledJobKey(StateTopic.NAMESPACE, "deleted");
    state.add(0, stateOf(hourly("deleted", clock.instant())));
    start(0);
    await().atMost(WAIT).until(() -> service.timerOf(key).isPresent());

    state.addLive(0, "team-a/deleted", null);

    await().atMost(WAIT).until(() -> service.timerOf(key).isEmpty());
    assertThat(registry.get("cronlog.scheduler.scheduled.jobs").gauge().value()).isZero();
  }

  @Test
  void anAuthorizationErrorStopsTheSchedulerAndFailsHealth() throws Exception {
    start(0);
    await().atMost(WAIT).until(() -> service.health().livePartitions().contains(0));

    state.schedulePollTask(
        () -> state.setPollException(new GroupAuthorizationException("unit.scheduler")));

    await().atMost(WAIT).until(() -> !service.health().running());
    assertThat(Main.health(service.health()).alive()).isFalse();
    // Stopped, not merely a dead thread: the consumers left the group and the producer is closed.
    await().atMost(WAIT).until(producer::closed);
    assertThat(state.closed()).isTrue();
  }

  @Test
  void aRetriableErrorIsRetried() throws Exception {
    ScheduledJobKey later = new ScheduledJobKey(StateTopic.NAMESPACE, "later");
    start(0);
    state.schedulePollTask(
        () -> state.setPollException(new TimeoutException("Timeout expired while fetching")));

    state.addLive(0, later.toString(), codec.encode(stateOf(hourly("later", clock.instant()))));

    await().atMost(WAIT).until(() -> service.timerOf(later).isPresent());
    assertThat(service.health().running()).isTrue();
  }

  @Test
  void aCommandsTailThatFailsToReadIsReadAgainBeforeThePartitionGoesLive() throws Exception {
    ScheduledJob sj = hourly("handed-over", clock.instant().minus(Duration.ofHours(2)));
    state.add(0, stateOf(sj));
    Instant lastHour = clock.instant().truncatedTo(ChronoUnit.HOURS);
    tail.add(
        0,
        "team-a/handed-over",
        codec.encode(
            CreateJob.forRun(
                ScheduledJobRef.of(sj),
                lastHour,
                RunReason.SCHEDULED,
                null,
                lastHour.plusSeconds(1))),
        clock.instant().minusSeconds(30));
    tail.setOffsetsException(new TimeoutException("Failed to get offsets by times in 60000ms"));

    start(0);

    await().atMost(WAIT).until(() -> service.health().livePartitions().contains(0));
    assertThat(createJobs()).isEmpty();
    assertThat(service.health().running()).isTrue();
  }

  @Test
  void anOffsetOutOfRangeSeeksToTheBeginning() throws Exception {
    ScheduledJobKey after = new ScheduledJobKey(StateTopic.NAMESPACE, "after");
    state.add(0, stateOf(hourly("first", clock.instant())));
    start(0);
    await().atMost(WAIT).until(() -> service.health().livePartitions().contains(0));

    // Retention removed offset 1 before this scheduler read it: the partition begins at 2 now.
    state.addRaw(0, "team-a/removed", codec.encode(stateOf(hourly("removed", clock.instant()))));
    state.schedulePollTask(
        () -> state.updateBeginningOffsets(Map.of(new TopicPartition(stateTopic, 0), 2L)));
    state.addLive(0, after.toString(), codec.encode(stateOf(hourly("after", clock.instant()))));

    await().atMost(WAIT).until(() -> service.timerOf(after).isPresent());
    assertThat(service.timerOf(new ScheduledJobKey(StateTopic.NAMESPACE, "removed"))).isEmpty();
    assertThat(service.health().running()).isTrue();
  }

  @Test
  void restoresItsPartitionsOneAtATimeWhileTheOthersWaitPaused() throws Exception {
    for (int partition = 0; partition < 3; partition++) {
      for (int i = 0; i < 5; i++) {
        state.add(
            partition,
            stateOf(hourly("p" + partition + "-" + i, clock.instant().minus(Duration.ofHours(2)))));
      }
    }

    start(0, 1, 2);

    await().atMost(WAIT).until(() -> service.health().livePartitions().equals(Set.of(0, 1, 2)));
    assertThat(state.pausedWhileRestoring())
        .as("what was paused while partition 0 was read first")
        .containsExactlyInAnyOrder(1, 2);
    assertThat(service.restores())
        .extracting(PartitionRestore::stateRecords)
        .containsExactly(5L, 5L, 5L);
    assertThat(state.pausedNow()).isEmpty();
    await().atMost(WAIT).until(() -> createJobs().size() >= 15);
  }

  @Test
  void aPartitionWaitingItsTurnIsReadOnceThePartitionBeingReadIsRevoked() throws Exception {
    for (int partition = 0; partition < 2; partition++) {
      state.add(
          partition, stateOf(hourly("p" + partition, clock.instant().minus(Duration.ofHours(2)))));
    }
    state.withhold(0);
    start(0, 1);
    await().atMost(WAIT).until(() -> state.pausedNow().equals(Set.of(1)));

    state.assign(1);

    await().atMost(WAIT).until(() -> service.health().livePartitions().equals(Set.of(1)));
    assertThat(state.pausedNow()).isEmpty();
  }

  // --- fixture ---

  /** Starts the scheduler; its consumer is then assigned {@code partitions} and restores them. */
  private void start(int... partitions) throws Exception {
    service =
        new SchedulerService(
            config,
            new SchedulerClients(() -> state, () -> tail, producer, () -> {}),
            clock,
            registry);
    service.start();
    state.assign(partitions);
  }

  private static List<ScheduledJobKey> keys(String prefix, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new ScheduledJobKey(StateTopic.NAMESPACE, prefix + i))
        .toList();
  }

  /** A ScheduledJob due at the top of each hour, created at {@code createdAt}. */
  private static ScheduledJob hourly(String name, Instant createdAt) {
    return StateTopic.scheduledJob(name, "0 * * * *", createdAt);
  }

  private ScheduledJobState stateOf(ScheduledJob sj) {
    return new ScheduledJobState(
        CronlogRecord.SCHEMA_VERSION,
        RecordIds.of("state", UUID.randomUUID().toString()),
        clock.instant(),
        sj,
        List.of(),
        null);
  }

  private List<CreateJob> createJobs() {
    return producer.history().stream()
        .filter(r -> r.topic().equals(commandsTopic))
        .map(r -> decode(r.value(), CommandRecord.class))
        .filter(CreateJob.class::isInstance)
        .map(CreateJob.class::cast)
        .toList();
  }

  private List<DeadLetter> deadLetters() {
    return producer.history().stream()
        .filter(r -> r.topic().equals(config.kafka().topics().deadLetter()))
        .map(ProducerRecord::value)
        .map(value -> decode(value, DeadLetter.class))
        .toList();
  }

  private <T extends CronlogRecord> T decode(byte[] value, Class<T> type) {
    try {
      return codec.decode(value, type);
    } catch (MalformedRecordException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * {@code cronlog.state} as the scheduler's group member sees it: records written before an
   * assignment are restored from the beginning, as the real topic would give them again.
   */
  static final class StateRecords extends MockConsumer<String, byte[]> {
    private final String topic;

    /** Guarded by this. */
    private final Map<Integer, List<ConsumerRecord<String, byte[]>>> written = new HashMap<>();

    StateRecords(String topic) {
      super(OffsetResetStrategy.EARLIEST);
      this.topic = topic;
    }

    void add(int partition, ScheduledJobState state) {
      addRaw(partition, state.key().toString(), new RecordCodec().encode(state));
    }

    synchronized void addRaw(int partition, String key, byte[] value) {
      List<ConsumerRecord<String, byte[]>> records =
          written.computeIfAbsent(partition, p -> new ArrayList<>());
      records.add(new ConsumerRecord<>(topic, partition, records.size(), key, value));
    }

    /** A record written after the restore: handed to the consumer on its next poll. */
    void addLive(int partition, String key, byte[] value) {
      addRaw(partition, key, value);
      schedulePollTask(
          () -> {
            List<ConsumerRecord<String, byte[]>> records = written.get(partition);
            updateEndOffsets(Map.of(tp(partition), (long) records.size()));
            addRecord(records.get(records.size() - 1));
          });
    }

    /** A rebalance that leaves this member {@code partitions}, on the consumer's next poll. */
    void assign(int... partitions) {
      schedulePollTask(
          () -> {
            List<TopicPartition> assigned = new ArrayList<>();
            Map<TopicPartition, Long> beginnings = new HashMap<>();
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (int partition : partitions) {
              assigned.add(tp(partition));
              beginnings.put(tp(partition), 0L);
              ends.put(tp(partition), (long) written.getOrDefault(partition, List.of()).size());
            }
            updateBeginningOffsets(beginnings);
            updateEndOffsets(ends);
            Collection<TopicPartition> before = assignment();
            rebalance(assigned);
            for (TopicPartition partition : assigned) {
              if (withheld.contains(partition.partition())) {
                continue;
              }
              // MockConsumer's rebalance drops the records not yet polled; a real consumer would
              // fetch a kept partition's again from its position.
              long from = before.contains(partition) ? position(partition) : 0;
              written.getOrDefault(partition.partition(), List.of()).stream()
                  .filter(record -> record.offset() >= from)
                  .forEach(this::addRecord);
            }
          });
    }

    private TopicPartition tp(int partition) {
      return new TopicPartition(topic, partition);
    }

    /** Guarded by this. */
    private final Set<Integer> pausedFirst = new HashSet<>();

    /**
     * Partitions whose records are never handed over: their restore reads on and on, as a large
     * partition's would. Guarded by this.
     */
    private final Set<Integer> withheld = new HashSet<>();

    synchronized void withhold(int partition) {
      withheld.add(partition);
    }

    @Override
    public synchronized void pause(Collection<TopicPartition> partitions) {
      super.pause(partitions);
      if (pausedFirst.isEmpty()) {
        partitions.forEach(p -> pausedFirst.add(p.partition()));
      }
    }

    /** The partitions of the first pause. */
    synchronized Set<Integer> pausedWhileRestoring() {
      return Set.copyOf(pausedFirst);
    }

    synchronized Set<Integer> pausedNow() {
      return paused().stream().map(TopicPartition::partition).collect(Collectors.toSet());
    }

    @Override
    public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
      var records = super.poll(timeout);
      if (records.isEmpty()) {
        // As a real poll would, wait a little for records rather than spin on a shared machine.
        try {
          wait(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return records;
    }
  }

  /**
   * The commands' tail read at restore; MockConsumer cannot look offsets up by time, so this does.
   */
  final class CommandsTail extends MockConsumer<String, byte[]> {
    /** Guarded by this. */
    private final List<ConsumerRecord<String, byte[]>> written = new ArrayList<>();

    CommandsTail() {
      super(OffsetResetStrategy.EARLIEST);
    }

    synchronized void add(int partition, String key, byte[] value, Instant at) {
      long offset = written.stream().filter(r -> r.partition() == partition).count();
      written.add(
          new ConsumerRecord<>(
              commandsTopic,
              partition,
              offset,
              at.toEpochMilli(),
              TimestampType.CREATE_TIME,
              0,
              0,
              key,
              value,
              new RecordHeaders(),
              Optional.empty()));
    }

    @Override
    public synchronized void assign(Collection<TopicPartition> partitions) {
      super.assign(partitions);
      Map<TopicPartition, Long> ends = new HashMap<>();
      for (TopicPartition partition : partitions) {
        List<ConsumerRecord<String, byte[]>> its = of(partition);
        ends.put(partition, (long) its.size());
        updateBeginningOffsets(Map.of(partition, 0L));
        its.forEach(this::addRecord);
      }
      updateEndOffsets(ends);
    }

    @Override
    public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
        Map<TopicPartition, Long> times) {
      Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
      times.forEach(
          (partition, time) ->
              found.put(
                  partition,
                  of(partition).stream()
                      .filter(r -> r.timestamp() >= time)
                      .findFirst()
                      .map(r -> new OffsetAndTimestamp(r.offset(), r.timestamp()))
                      .orElse(null)));
      return found;
    }

    private List<ConsumerRecord<String, byte[]>> of(TopicPartition partition) {
      return written.stream()
          .filter(
              r -> r.topic().equals(partition.topic()) && r.partition() == partition.partition())
          .toList();
    }
  }
}
