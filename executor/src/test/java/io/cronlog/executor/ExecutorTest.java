package io.cronlog.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.executor.act.ActionResult;
import io.cronlog.executor.act.CommandHandler;
import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.ops.Health;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.testsupport.MutableClock;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The executor's lifecycle and health, on a {@link MockConsumer} and a {@link MockProducer}. */
class ExecutorTest {

  static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  static final ScheduledJobRef A = new ScheduledJobRef("team-a", "alpha", "uid-a");

  final ExecutorConfig config =
      ExecutorConfig.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:9"));
  final TopicPartition p0 = new TopicPartition(config.kafka().topics().commands(), 0);
  final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
  final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());

  /** Creates every run at once; the Kubernetes client is never called. */
  final CommandHandler handler = command -> ActionResult.of(Result.CREATED, "created");

  Executor executor;

  @BeforeEach
  void start() {
    executor =
        new Executor(
            new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())
                .build(),
            handler,
            config,
            () -> consumer,
            producer,
            new MutableClock(T0));
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(p0));
          consumer.updateBeginningOffsets(Map.of(p0, 0L));
        });
    executor.start();
  }

  @AfterEach
  void close() {
    executor.close();
  }

  @Test
  void anAuthorizationErrorStopsTheLoopAndFailsHealth() {
    await().until(() -> executor.health().alive() && !consumer.assignment().isEmpty());

    consumer.schedulePollTask(
        () -> consumer.setPollException(new TopicAuthorizationException(Set.of(p0.topic()))));

    await().until(() -> executor.termination().isDone());
    assertThat(executor.termination()).isCompletedExceptionally();
    assertThat(consumer.closed()).isTrue();
    Health.Status status = executor.health();
    assertThat(status.alive()).isFalse();
    assertThat(status.detail()).contains("TopicAuthorizationException");
  }

  @Test
  void anOutcomeThatCannotBeWrittenStopsTheExecutorAndFailsHealth() {
    CreateJob run = CreateJob.forRun(A, T0, RunReason.SCHEDULED, null, T0);
    consumer.schedulePollTask(
        () ->
            consumer.addRecord(
                new ConsumerRecord<>(
                    p0.topic(), 0, 0, "team-a/alpha", new RecordCodec().encode(run))));
    await().until(() -> producer.history().size() == 1);

    producer.errorNext(new TopicAuthorizationException(Set.of(config.kafka().topics().outcomes())));

    await().until(() -> executor.termination().isDone());
    assertThat(executor.health().alive()).isFalse();
    assertThat(executor.health().detail()).contains("TopicAuthorizationException");
  }

  @Test
  void consumesOnlyOnceItsActionsAreReadyAndIsNotReadyUntilThen() {
    AtomicBoolean cacheListed = new AtomicBoolean();
    MockConsumer<String, byte[]> waiting = new MockConsumer<>("earliest");
    CommandHandler notReadyYet =
        new CommandHandler() {
          @Override
          public ActionResult start(CommandRecord command) {
            return ActionResult.of(Result.CREATED, "created");
          }

          @Override
          public boolean ready() {
            return cacheListed.get();
          }
        };
    try (Executor late =
        new Executor(
            new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())
                .build(),
            notReadyYet,
            config,
            () -> waiting,
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()),
            new MutableClock(T0))) {
      late.start();

      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(5))
          .until(() -> waiting.subscription().isEmpty());
      assertThat(late.health().alive()).isTrue();
      assertThat(late.health().ready()).isFalse();
      assertThat(late.health().detail()).contains("ScheduledJob cache");

      cacheListed.set(true);

      await().until(() -> waiting.subscription().contains(p0.topic()));
      await().until(() -> late.health().ready());
    }
  }
}
