package io.cronlog.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CreateJob;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.topics.TopicBootstrap;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import io.cronlog.testsupport.TopicReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Issue 6: three executors, a burst of runs due in the same minute, one executor killed midway. */
@ExtendWith(KafkaExtension.class)
class ExecutorScaleOutIT {

  static final int RUNS = 1_000;
  static final Duration WAIT = Duration.ofMinutes(5);

  // Not the extension's server: killing a member mid-burst closes its informer's watch with events
  // on their way, which stalls that server for 30 s and fails the others' calls
  // (OffLoopWatchClose).
  KubernetesMockServer server;
  KubernetesClient client;
  final RecordCodec codec = new RecordCodec();

  @BeforeEach
  void startApi() {
    server = MockApi.crudServer();
    client = server.createClient(new ExecutorClientCustomizer());
  }

  @AfterEach
  void stopApi() {
    client.close();
    server.destroy();
  }

  /** A consumer that, once killed, commits nothing more: what a crashed process leaves behind. */
  static final class CrashableConsumer extends KafkaConsumer<String, byte[]> {
    volatile boolean crashed;

    CrashableConsumer(Map<String, Object> props) {
      super(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      if (!crashed) {
        super.commitSync(offsets);
      }
    }
  }

  /** An executor and the consumer it made, so that the test can crash that one. */
  private record Member(Executor executor, AtomicReference<CrashableConsumer> consumer) {

    void kill() {
      consumer.get().crashed = true;
      executor.close();
    }
  }

  private Member member(ExecutorConfig config) {
    var consumer = new AtomicReference<CrashableConsumer>();
    Executor executor =
        new Executor(
            server.createClient(new ExecutorClientCustomizer()),
            config,
            () -> {
              consumer.set(new CrashableConsumer(config.consumerProperties()));
              return consumer.get();
            },
            new KafkaProducer<>(
                config.producerProperties(), new StringSerializer(), new ByteArraySerializer()),
            Clock.systemUTC());
    return new Member(executor, consumer);
  }

  @Test
  void everyRunGetsExactlyOneJobWhenAnExecutorDiesMidBurst(KafkaFixture kafka) throws Exception {
    MockApi.installCrd(client);
    ExecutorConfig config =
        ExecutorConfig.fromEnvironment(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                kafka.bootstrapServers(),
                "CRONLOG_TOPIC_PREFIX",
                kafka.topicPrefix(),
                "CRONLOG_PARTITIONS",
                "6",
                "CRONLOG_EXECUTOR_GROUP",
                kafka.topicPrefix() + "executors",
                "CRONLOG_EXECUTOR_API_QPS",
                "10000",
                "CRONLOG_EXECUTOR_API_BURST",
                "10000"));
    try (Admin admin = kafka.admin()) {
      new TopicBootstrap(admin, config.kafka().topics(), config.kafka().topicSettings())
          .ensureTopics();
    }
    Instant fire = MockApi.latestYearlyFireTime();
    List<CreateJob> burst =
        IntStream.range(0, RUNS)
            .mapToObj(
                i ->
                    ScheduledJobRef.of(
                        MockApi.create(
                            client,
                            MockApi.scheduledJob("team-a", "sj-" + i, MockApi.YEARLY, null))))
            .map(ref -> CreateJob.forRun(ref, fire, RunReason.SCHEDULED, null, Instant.now()))
            .toList();
    MockApi.drainRequests(server);
    List<Member> members = List.of(member(config), member(config), member(config));
    List<Executor> executors = members.stream().map(Member::executor).toList();

    try (TopicReader outcomes = kafka.reader(config.kafka().topics().outcomes());
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                config.producerProperties(), new StringSerializer(), new ByteArraySerializer())) {
      executors.forEach(Executor::start);
      for (CreateJob command : burst) {
        producer.send(
            new ProducerRecord<>(
                config.kafka().topics().commands(),
                command.target().key().toString(),
                codec.encode(command)));
      }
      producer.flush();

      List<CommandOutcome> seen = new ArrayList<>(decode(outcomes.takeValues(RUNS / 3, WAIT)));
      members.get(0).kill();
      Set<String> answered =
          seen.stream().map(CommandOutcome::commandId).collect(Collectors.toSet());
      while (answered.size() < RUNS) {
        CommandOutcome next = decode(outcomes.takeValues(1, WAIT)).get(0);
        seen.add(next);
        answered.add(next.commandId());
      }

      assertThat(executors.subList(1, 3)).allSatisfy(e -> assertThat(e.termination()).isNotDone());
      assertThat(seen)
          .extracting(CommandOutcome::result)
          .isSubsetOf(Result.CREATED, Result.ADOPTED);
      LoggerFactory.getLogger(ExecutorScaleOutIT.class)
          .info(
              "{} outcomes for {} runs, {} of them ADOPTED",
              seen.size(),
              RUNS,
              seen.stream().filter(o -> o.result() == Result.ADOPTED).count());
      Map<String, Long> createdPerCommand =
          seen.stream()
              .filter(o -> o.result() == Result.CREATED)
              .collect(
                  Collectors.groupingBy(
                      CommandOutcome::commandId, HashMap::new, Collectors.counting()));
      assertThat(createdPerCommand)
          .hasSize(RUNS)
          .allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
      assertThat(MockApi.count(MockApi.drainRequests(server), "POST", "/jobs")).isEqualTo(RUNS);
      assertThat(MockApi.jobs(client, "team-a"))
          .hasSize(RUNS)
          .extracting(job -> job.getMetadata().getName())
          .doesNotHaveDuplicates();
    } finally {
      executors.forEach(Executor::close);
    }
  }

  private List<CommandOutcome> decode(List<String> values) throws Exception {
    List<CommandOutcome> decoded = new ArrayList<>();
    for (String value : values) {
      decoded.add(codec.decode(value.getBytes(StandardCharsets.UTF_8), CommandOutcome.class));
    }
    return decoded;
  }
}
