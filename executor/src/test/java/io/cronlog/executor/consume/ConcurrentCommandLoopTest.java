package io.cronlog.executor.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.executor.act.ActionResult;
import io.cronlog.executor.act.CommandHandler;
import io.cronlog.executor.config.RetryPolicy;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The command loop with several workers: ScheduledJobs at once, each one's commands in order. */
class ConcurrentCommandLoopTest {

  static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  static final Topics TOPICS = Topics.withDefaultPrefix();
  static final TopicPartition P0 = new TopicPartition(TOPICS.commands(), 0);
  static final ScheduledJobRef A = new ScheduledJobRef("team-a", "alpha", "uid-a");
  static final ScheduledJobRef B = new ScheduledJobRef("team-a", "beta", "uid-b");

  final RecordCodec codec = new RecordCodec();

  /** The last offset committed in P0, kept here because a closed MockConsumer answers nothing. */
  final AtomicLong lastCommit = new AtomicLong(-1);

  final MockConsumer<String, byte[]> consumer =
      new MockConsumer<>("earliest") {
        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
          super.commitSync(offsets);
          if (offsets.containsKey(P0)) {
            lastCommit.set(offsets.get(P0).offset());
          }
        }
      };
  final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

  /** Command ids in the order acting on them began. */
  final BlockingQueue<String> began = new LinkedBlockingQueue<>();

  /** Command ids in the order acting on them ended. */
  final BlockingQueue<String> ended = new LinkedBlockingQueue<>();

  /** Per command id, a latch its action waits on before it answers. */
  final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

  CommandLoop loop;
  Thread thread;

  @AfterEach
  void stop() throws InterruptedException {
    holds.values().forEach(CountDownLatch::countDown);
    loop.close();
    thread.join(10_000);
  }

  private void start(int workers) {
    CommandHandler handler =
        command -> {
          began.add(command.id());
          try {
            CountDownLatch hold = holds.get(command.id());
            if (hold != null) {
              hold.await(10, TimeUnit.SECONDS);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ended.add(command.id());
          return ActionResult.of(Result.CREATED, "created");
        };
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    OutcomeWriter outcomes = new OutcomeWriter(producer, TOPICS, codec);
    CommandProcessor processor =
        new CommandProcessor(
            codec,
            handler,
            outcomes,
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), 3),
            clock,
            () -> 0.5,
            new CommandMetrics(
                new SimpleMeterRegistry(),
                new ObservedSkew(clock, Duration.ofMinutes(1), Duration.ofDays(1))));
    loop = new CommandLoop(() -> consumer, TOPICS.commands(), processor, outcomes, clock, workers);
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(P0));
          consumer.updateBeginningOffsets(Map.of(P0, 0L));
        });
    thread = new Thread(loop, "command-loop-test");
    thread.start();
  }

  private CreateJob command(ScheduledJobRef ref, int minute) {
    return CreateJob.forRun(ref, T0.plusSeconds(60L * minute), RunReason.SCHEDULED, null, T0);
  }

  /** Delivers the commands in one poll, so that they form one batch. */
  private void deliverTogether(CommandRecord... commands) {
    consumer.schedulePollTask(
        () -> {
          for (int i = 0; i < commands.length; i++) {
            consumer.addRecord(
                new ConsumerRecord<>(
                    P0.topic(),
                    0,
                    i,
                    commands[i].target().key().toString(),
                    codec.encode(commands[i])));
          }
        });
  }

  private long committed() {
    return lastCommit.get();
  }

  @Test
  void actsOnAnotherScheduledJobWhileOneWaitsForTheApi() {
    CreateJob a1 = command(A, 0);
    CreateJob a2 = command(A, 1);
    CreateJob b1 = command(B, 0);
    CountDownLatch slowA1 = new CountDownLatch(1);
    holds.put(a1.id(), slowA1);
    start(4);

    deliverTogether(a1, a2, b1);

    // B's command is done while A's first is still held: with one worker it would wait behind it.
    await().until(() -> ended.contains(b1.id()));
    assertThat(ended).doesNotContain(a1.id(), a2.id());
    assertThat(began).doesNotContain(a2.id());
    slowA1.countDown();
    await().until(() -> committed() == 3);
    assertThat(ended.stream().filter(id -> !id.equals(b1.id()))).containsExactly(a1.id(), a2.id());
  }

  @Test
  void stopsBetweenCommandsWithoutCommittingThoseNotActedOn() {
    CreateJob a1 = command(A, 0);
    CreateJob a2 = command(A, 1);
    CountDownLatch slowA1 = new CountDownLatch(1);
    holds.put(a1.id(), slowA1);
    start(4);
    deliverTogether(a1, a2);
    await().until(() -> began.contains(a1.id()));

    loop.close();
    slowA1.countDown();

    await().until(() -> !thread.isAlive());
    assertThat(ended).containsExactly(a1.id());
    // The next owner of the partition starts at a2.
    assertThat(committed()).isEqualTo(1);
  }
}
