package io.cronlog.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.executor.act.RunJobs;
import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.UpdateStatus;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.topics.TopicBootstrap;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import io.cronlog.testsupport.MutableClock;
import io.cronlog.testsupport.TopicReader;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
@EnableKubernetesMockClient(
    crud = true,
    kubernetesClientBuilderCustomizer = ExecutorClientCustomizer.class)
class ExecutorIT {

  static final Duration WAIT = Duration.ofSeconds(60);

  KubernetesMockServer server;
  KubernetesClient client;
  final RecordCodec codec = new RecordCodec();
  final List<AutoCloseable> closeAfter = new ArrayList<>();

  @BeforeEach
  void installCrd() throws Exception {
    MockApi.installCrd(client);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      closeAfter.get(i).close();
    }
  }

  private ExecutorConfig config(KafkaFixture kafka) throws Exception {
    ExecutorConfig config =
        ExecutorConfig.fromEnvironment(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                kafka.bootstrapServers(),
                "CRONLOG_TOPIC_PREFIX",
                kafka.topicPrefix(),
                "CRONLOG_PARTITIONS",
                "3",
                "CRONLOG_EXECUTOR_GROUP",
                kafka.topicPrefix() + "executor",
                "CRONLOG_EXECUTOR_API_QPS",
                "1000",
                "CRONLOG_EXECUTOR_API_BURST",
                "1000"));
    try (Admin admin = kafka.admin()) {
      new TopicBootstrap(admin, config.kafka().topics(), config.kafka().topicSettings())
          .ensureTopics();
    }
    return config;
  }

  private Executor startExecutor(ExecutorConfig config) {
    return startExecutor(config, Clock.systemUTC());
  }

  private Executor startExecutor(ExecutorConfig config, Clock clock) {
    Executor executor =
        new Executor(
            server.createClient(new ExecutorClientCustomizer()),
            config,
            () ->
                new KafkaConsumer<>(
                    config.consumerProperties(),
                    new StringDeserializer(),
                    new ByteArrayDeserializer()),
            new KafkaProducer<>(
                config.producerProperties(), new StringSerializer(), new ByteArraySerializer()),
            clock);
    closeAfter.add(executor);
    executor.start();
    return executor;
  }

  private Producer<String, byte[]> producer(ExecutorConfig config) {
    KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            config.producerProperties(), new StringSerializer(), new ByteArraySerializer());
    closeAfter.add(producer);
    return producer;
  }

  private TopicReader reader(KafkaFixture kafka, String topic) {
    TopicReader reader = kafka.reader(topic);
    closeAfter.add(reader);
    return reader;
  }

  private void send(
      Producer<String, byte[]> producer,
      ExecutorConfig config,
      List<? extends CommandRecord> commands) {
    for (CommandRecord command : commands) {
      producer.send(
          new ProducerRecord<>(
              config.kafka().topics().commands(),
              command.target().key().toString(),
              codec.encode(command)));
    }
    producer.flush();
  }

  private List<CommandOutcome> outcomes(TopicReader reader, int count) throws Exception {
    List<CommandOutcome> outcomes = new ArrayList<>();
    for (String value : reader.takeValues(count, WAIT)) {
      outcomes.add(codec.decode(value.getBytes(StandardCharsets.UTF_8), CommandOutcome.class));
    }
    return outcomes;
  }

  private List<ScheduledJobRef> scheduledJobs(int count, String schedule) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                ScheduledJobRef.of(
                    MockApi.create(
                        client, MockApi.scheduledJob("team-a", "sj-" + i, schedule, null))))
        .toList();
  }

  @Test
  void createsAJobForEachCommandAndRedeliveringTheBurstChangesNothing(KafkaFixture kafka)
      throws Exception {
    ExecutorConfig config = config(kafka);
    TopicReader outcomes = reader(kafka, config.kafka().topics().outcomes());
    Instant fire = MockApi.latestYearlyFireTime();
    List<CreateJob> burst =
        scheduledJobs(30, MockApi.YEARLY).stream()
            .map(ref -> CreateJob.forRun(ref, fire, RunReason.SCHEDULED, null, Instant.now()))
            .toList();
    startExecutor(config);
    Producer<String, byte[]> producer = producer(config);

    send(producer, config, burst);

    assertThat(outcomes(outcomes, 30))
        .extracting(CommandOutcome::result)
        .containsOnly(Result.CREATED);
    assertThat(MockApi.jobs(client, "team-a")).hasSize(30);
    List<ScheduledJob> before =
        client.resources(ScheduledJob.class).inNamespace("team-a").list().getItems();
    assertThat(before).allSatisfy(sj -> assertThat(sj.getStatus().getActive()).hasSize(1));
    MockApi.drainRequests(server);

    send(producer, config, burst);

    assertThat(outcomes(outcomes, 30))
        .extracting(CommandOutcome::result)
        .containsOnly(Result.ADOPTED);
    var requests = MockApi.drainRequests(server);
    assertThat(MockApi.count(requests, "POST", "/jobs")).isZero();
    assertThat(MockApi.count(requests, "PUT", "/status")).isZero();
    assertThat(MockApi.count(requests, "POST", "/events")).isZero();
    assertThat(MockApi.jobs(client, "team-a")).hasSize(30);
    assertThat(client.resources(ScheduledJob.class).inNamespace("team-a").list().getItems())
        .extracting(ScheduledJob::getStatus)
        .containsExactlyElementsOf(before.stream().map(ScheduledJob::getStatus).toList());
  }

  @Test
  void anExecutorThatWasDownHalfAnHourMakesOnlyTheMostRecentRunOfTheBacklog(KafkaFixture kafka)
      throws Exception {
    ExecutorConfig config = config(kafka);
    TopicReader outcomes = reader(kafka, config.kafka().topics().outcomes());
    ScheduledJobRef allow = scheduledJobs(1, "* * * * *").get(0);
    ScheduledJob forbidden = MockApi.scheduledJob("team-a", "forbid", "* * * * *", null);
    forbidden.getSpec().setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
    ScheduledJobRef forbid = ScheduledJobRef.of(MockApi.create(client, forbidden));
    Instant t0 = Instant.parse("2024-03-01T10:00:00Z");
    // What the scheduler publishes while no executor runs: under Allow one CreateJob per minute,
    // under
    // Forbid one every five minutes (each time its unconfirmed run's pending lifetime ends).
    List<CreateJob> backlog = new ArrayList<>();
    for (int minute = 1; minute <= 30; minute++) {
      Instant t = t0.plus(Duration.ofMinutes(minute));
      backlog.add(CreateJob.forRun(allow, t, RunReason.SCHEDULED, null, t));
      if (minute % 5 == 1) {
        backlog.add(CreateJob.forRun(forbid, t, RunReason.SCHEDULED, null, t));
      }
    }
    send(producer(config), config, backlog);
    MutableClock clock = new MutableClock(t0.plus(Duration.ofMinutes(30)).plusSeconds(20));

    startExecutor(config, clock);

    List<CommandOutcome> results = outcomes(outcomes, backlog.size());
    Instant latest = t0.plus(Duration.ofMinutes(30));
    assertThat(MockApi.jobs(client, "team-a"))
        .extracting(job -> job.getMetadata().getName())
        .containsExactlyInAnyOrder(
            Runs.jobName(allow.name(), latest), Runs.jobName(forbid.name(), latest));
    assertThat(results)
        .extracting(CommandOutcome::result)
        .doesNotContain(Result.CREATED, Result.REFUSED, Result.SKIPPED, Result.FAILED)
        .contains(Result.SUPERSEDED);
    assertThat(MockApi.get(client, allow).getStatus().getLastScheduleTime())
        .isEqualTo(latest.toString());
    assertThat(MockApi.get(client, forbid).getStatus().getActive()).hasSize(1);
  }

  @Test
  void refusesForgedCommandsAndCreatesNothing(KafkaFixture kafka) throws Exception {
    ExecutorConfig config = config(kafka);
    TopicReader outcomes = reader(kafka, config.kafka().topics().outcomes());
    ScheduledJobRef yearly = scheduledJobs(1, "0 0 1 1 *").get(0);
    Instant notAFireTime =
        Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
    if (notAFireTime.toString().endsWith("01-01T00:00:00Z")) {
      notAFireTime = notAFireTime.minus(Duration.ofMinutes(1));
    }
    List<CreateJob> forged =
        List.of(
            CreateJob.forRun(
                new ScheduledJobRef("team-a", yearly.name(), "forged-uid"),
                Instant.parse("2024-01-01T00:00:00Z"),
                RunReason.SCHEDULED,
                null,
                Instant.now()),
            CreateJob.forRun(yearly, notAFireTime, RunReason.SCHEDULED, null, Instant.now()),
            CreateJob.forManualRun(yearly, "no-such-trigger", notAFireTime, Instant.now()),
            CreateJob.forRun(
                new ScheduledJobRef("team-a", "never-existed", "uid-x"),
                notAFireTime,
                RunReason.SCHEDULED,
                null,
                Instant.now()));
    startExecutor(config);

    send(producer(config), config, forged);

    assertThat(outcomes(outcomes, forged.size()))
        .extracting(CommandOutcome::result)
        .containsOnly(Result.REFUSED);
    assertThat(MockApi.jobs(client, "team-a")).isEmpty();
  }

  @Test
  void refusesForgedDeletionsStatusTimesAndEventsAndChangesNothing(KafkaFixture kafka)
      throws Exception {
    ExecutorConfig config = config(kafka);
    TopicReader outcomes = reader(kafka, config.kafka().topics().outcomes());
    ScheduledJobRef ref = scheduledJobs(1, "0 0 1 1 *").get(0);
    Job running =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace("team-a")
            .resource(
                RunJobs.jobFor(MockApi.get(client, ref), Instant.parse("2024-01-01T00:00:00Z")))
            .create();
    Instant forever = Instant.parse("9999-12-31T00:00:00Z");
    List<CommandRecord> forged =
        List.of(
            DeleteJob.of(
                ref,
                running.getMetadata().getName(),
                running.getMetadata().getUid(),
                "because",
                Instant.now()),
            new UpdateStatus(
                CronlogRecord.SCHEMA_VERSION,
                "forged-status",
                Instant.now(),
                ref,
                List.of(),
                forever,
                forever,
                null,
                false,
                null,
                List.of(),
                null),
            new RecordEvent(
                CronlogRecord.SCHEMA_VERSION,
                "forged-event",
                Instant.now(),
                new ScheduledJobRef("kube-system", "anything", "uid-y"),
                EventType.Warning,
                "Hacked",
                "owned",
                null,
                null,
                null));
    startExecutor(config);

    send(producer(config), config, forged);

    assertThat(outcomes(outcomes, forged.size()))
        .extracting(CommandOutcome::result)
        .containsOnly(Result.REFUSED);
    assertThat(MockApi.jobs(client, "team-a")).hasSize(1);
    ScheduledJob live = MockApi.get(client, ref);
    assertThat(live.getStatus() == null ? null : live.getStatus().getLastSuccessfulTime()).isNull();
    assertThat(client.v1().events().inNamespace("kube-system").list().getItems()).isEmpty();
    assertThat(client.v1().events().inNamespace("team-a").list().getItems())
        .extracting("reason")
        .containsOnly("CommandRefused")
        .hasSize(2);
  }

  @Test
  void waitsForARunDecidedByAClockAheadOfItsOwnWhileOtherRunsGoOnAndIsNotReadyMeanwhile(
      KafkaFixture kafka) throws Exception {
    ExecutorConfig config = config(kafka);
    TopicReader outcomes = reader(kafka, config.kafka().topics().outcomes());
    List<ScheduledJobRef> refs = scheduledJobs(2, "* * * * *");
    Instant fire = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    // The executor's clock runs three minutes behind the scheduler that decided the run at `fire`.
    MutableClock clock = new MutableClock(fire.minus(Duration.ofMinutes(3)));
    CreateJob ahead = CreateJob.forRun(refs.get(0), fire, RunReason.SCHEDULED, null, fire);
    CreateJob onTime =
        CreateJob.forRun(refs.get(1), clock.instant(), RunReason.SCHEDULED, null, clock.instant());
    Executor executor = startExecutor(config, clock);
    Producer<String, byte[]> producer = producer(config);

    send(producer, config, List.of(ahead, onTime));

    assertThat(outcomes(outcomes, 1))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.commandId()).isEqualTo(onTime.id());
              assertThat(o.result()).isEqualTo(Result.CREATED);
            });
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.v1().events().inNamespace("team-a").list().getItems().stream()
                    .anyMatch(
                        e ->
                            e.getReason().equals("ClockSkew")
                                && e.getInvolvedObject().getUid().equals(ahead.target().uid())));
    assertThat(MockApi.jobs(client, "team-a"))
        .extracting(job -> job.getMetadata().getName())
        .containsExactly(RunJobs.jobName(MockApi.get(client, refs.get(1)), onTime));
    assertThat(executor.health())
        .satisfies(
            health -> {
              assertThat(health.alive()).isTrue();
              assertThat(health.ready()).isFalse();
              assertThat(health.detail()).contains("behind the clock that stamps its commands");
            });

    // Within the allowed skew a minute before the run, and due by its own clock at the run: never
    // early.
    clock.advance(Duration.ofMinutes(3));

    assertThat(outcomes(outcomes, 1))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.commandId()).isEqualTo(ahead.id());
              assertThat(o.result()).isEqualTo(Result.CREATED);
            });
    assertThat(MockApi.jobs(client, "team-a")).hasSize(2);
    // Ready again once no command of the last five minutes was stamped that far ahead.
    clock.advance(Duration.ofMinutes(6));
    assertThat(executor.health().ready()).isTrue();
  }

  @Test
  void deadLettersPoisonRecordsAndActsOnTheNextOne(KafkaFixture kafka) throws Exception {
    ExecutorConfig config = config(kafka);
    TopicReader outcomes = reader(kafka, config.kafka().topics().outcomes());
    TopicReader deadLetters = reader(kafka, config.kafka().topics().deadLetter());
    ScheduledJobRef ref = scheduledJobs(1, MockApi.YEARLY).get(0);
    startExecutor(config);
    Producer<String, byte[]> producer = producer(config);
    String commands = config.kafka().topics().commands();
    String key = ref.key().toString();
    Instant due = MockApi.latestYearlyFireTime();
    ScheduledJobRef other = new ScheduledJobRef("team-a", "other", "uid-of-other");

    producer.send(
        new ProducerRecord<>(
            commands,
            key,
            "{\"schemaVersion\":1,\"type\":\"LaunchMissiles\"}".getBytes(StandardCharsets.UTF_8)));
    producer.send(
        new ProducerRecord<>(
            commands,
            key,
            "{\"schemaVersion\":2,\"type\":\"CreateJob\"}".getBytes(StandardCharsets.UTF_8)));
    producer.send(new ProducerRecord<>(commands, key, "not json".getBytes(StandardCharsets.UTF_8)));
    producer.send(
        new ProducerRecord<>(commands, "no-slash", "{}".getBytes(StandardCharsets.UTF_8)));
    producer.send(
        new ProducerRecord<>(
            commands,
            key,
            codec.encode(CreateJob.forRun(other, due, RunReason.SCHEDULED, null, Instant.now()))));
    send(
        producer,
        config,
        List.of(CreateJob.forRun(ref, due, RunReason.SCHEDULED, null, Instant.now())));

    List<DeadLetter> letters = new ArrayList<>();
    for (String value : deadLetters.takeValues(5, WAIT)) {
      letters.add(codec.decode(value.getBytes(StandardCharsets.UTF_8), DeadLetter.class));
    }
    assertThat(letters)
        .allSatisfy(letter -> assertThat(letter.sourceTopic()).isEqualTo(commands))
        .extracting(DeadLetter::key)
        .containsOnly(key, "no-slash");
    assertThat(letters)
        .extracting(DeadLetter::reason)
        .anySatisfy(reason -> assertThat(reason).contains("LaunchMissiles"))
        .anySatisfy(reason -> assertThat(reason).contains("schemaVersion"))
        .anySatisfy(reason -> assertThat(reason).contains("not JSON"))
        .anySatisfy(reason -> assertThat(reason).contains("schemaVersion is missing"))
        .anySatisfy(
            reason -> assertThat(reason).contains("is not the command's target team-a/other"));
    assertThat(outcomes(outcomes, 1))
        .extracting(CommandOutcome::result)
        .containsExactly(Result.CREATED);
  }
}
