package io.cronlog.executor.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.executor.config.RetryPolicy;
import io.cronlog.executor.consume.CommandLoopTest.ScriptedHandler;
import io.cronlog.records.CreateJob;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.records.topics.Topics;
import io.cronlog.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With the broker away the outcomes cannot be written: the executor goes on acting on the commands
 * it holds (the Jobs start on time), and commits their offsets only once their outcomes are written.
 */
class BrokerAwayCommandLoopTest {

  static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  static final Topics TOPICS = Topics.withDefaultPrefix();
  static final TopicPartition P0 = new TopicPartition(TOPICS.commands(), 0);

  final RecordCodec codec = new RecordCodec();
  final MutableClock clock = new MutableClock(T0);
  final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
  /** Acknowledges nothing until told to: the broker is away. */
  final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  final ScriptedHandler handler = new ScriptedHandler(clock);
  OutcomeWriter outcomes;
  CommandLoop loop;
  Thread thread;
  long nextOffset;

  @BeforeEach
  void start() {
    outcomes = new OutcomeWriter(producer, TOPICS, codec);
    CommandProcessor processor = new CommandProcessor(codec, handler, outcomes,
        new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), 3), clock, () -> 0.5,
        new CommandMetrics(new SimpleMeterRegistry(), new ObservedSkew(clock, Duration.ofMinutes(1), Duration.ofDays(1))));
    loop = new CommandLoop(() -> consumer, TOPICS.commands(), processor, outcomes, clock, 2);
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(P0));
      consumer.updateBeginningOffsets(Map.of(P0, 0L));
    });
    thread = new Thread(loop, "command-loop-test");
    thread.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    loop.close();
    thread.join(30_000);
    outcomes.close();
  }

  private void deliver(String name, int minute) {
    ScheduledJobRef ref = new ScheduledJobRef("team-a", name, "uid-" + name);
    CreateJob command = CreateJob.forRun(ref, T0.plusSeconds(60L * minute), RunReason.SCHEDULED, null, T0);
    long offset = nextOffset++;
    consumer.schedulePollTask(() -> consumer.addRecord(
        new ConsumerRecord<>(P0.topic(), 0, offset, ref.key().toString(), codec.encode(command))));
  }

  private long committed() {
    OffsetAndMetadata offset = consumer.committed(Set.of(P0)).get(P0);
    return offset == null ? -1 : offset.offset();
  }

  @Test
  void actsOnWhileOutcomesCannotBeWrittenAndCommitsOnlyOnceTheyAre() throws Exception {
    deliver("alpha", 0);
    deliver("beta", 0);
    await().until(() -> handler.acted.size() == 2);
    deliver("alpha", 1);
    deliver("gamma", 1);

    await().until(() -> handler.acted.size() == 4);
    await().until(() -> producer.history().size() == 4);
    Thread.sleep(1_500); // several polls and commit attempts
    assertThat(committed()).isEqualTo(-1);
    assertThat(thread.isAlive()).isTrue();

    while (producer.completeNext()) {
      // the broker is back: every outcome is acknowledged
    }

    await().until(() -> committed() == 4);
    assertThat(producer.history()).hasSize(4);
    assertThat(handler.acted).hasSize(4);
  }
}
