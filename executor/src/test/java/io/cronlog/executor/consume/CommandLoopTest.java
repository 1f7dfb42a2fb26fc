package io.cronlog.executor.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.executor.act.ActionResult;
import io.cronlog.executor.act.CommandHandler;
import io.cronlog.executor.config.RetryPolicy;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.topics.Topics;
import io.cronlog.testsupport.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommandLoopTest {

  static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  static final Topics TOPICS = Topics.withDefaultPrefix();
  static final TopicPartition P0 = new TopicPartition(TOPICS.commands(), 0);
  static final ScheduledJobRef A = new ScheduledJobRef("team-a", "alpha", "uid-a");
  static final ScheduledJobRef B = new ScheduledJobRef("team-a", "beta", "uid-b");

  final RecordCodec codec = new RecordCodec();
  final MutableClock clock = new MutableClock(T0);
  final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");

  /**
   * A permit per record sent, and one when the broker is back: {@link #broker} has something to
   * acknowledge.
   */
  final Semaphore toAcknowledge = new Semaphore(0);

  /** Acknowledged by {@link #broker} while the broker is not away. */
  final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()) {
        @Override
        public synchronized Future<RecordMetadata> send(
            ProducerRecord<String, byte[]> record, Callback callback) {
          Future<RecordMetadata> sent = super.send(record, callback);
          toAcknowledge.release();
          return sent;
        }
      };

  volatile boolean brokerAway;
  Thread broker;
  final ScriptedHandler handler = new ScriptedHandler(clock);
  final RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), 3);
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  CommandLoop loop;
  Thread thread;
  long nextOffset;

  @BeforeEach
  void start() {
    OutcomeWriter outcomes = new OutcomeWriter(producer, TOPICS, codec);
    CommandProcessor processor =
        new CommandProcessor(
            codec,
            handler,
            outcomes,
            retry,
            clock,
            () -> 0.5,
            new CommandMetrics(
                registry, new ObservedSkew(clock, Duration.ofMinutes(1), Duration.ofDays(1))));
    loop = new CommandLoop(() -> consumer, TOPICS.commands(), processor, outcomes, clock);
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(P0));
          consumer.updateBeginningOffsets(Map.of(P0, 0L));
        });
    thread = new Thread(loop, "command-loop-test");
    thread.start();
    broker = new Thread(this::acknowledgeWhileUp, "broker");
    broker.setDaemon(true);
    broker.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    loop.close();
    thread.join(10_000);
    broker.interrupt();
  }

  private void acknowledgeWhileUp() {
    try {
      while (true) {
        toAcknowledge.acquire();
        while (!brokerAway && producer.completeNext()) {
          // every record sent so far is written
        }
      }
    } catch (InterruptedException e) {
      // the test is over
    }
  }

  private CreateJob command(ScheduledJobRef ref, int minute) {
    return CreateJob.forRun(ref, T0.plusSeconds(60L * minute), RunReason.SCHEDULED, null, T0);
  }

  private void deliver(String key, byte[] value) {
    long offset = nextOffset++;
    consumer.schedulePollTask(
        () -> consumer.addRecord(new ConsumerRecord<>(P0.topic(), 0, offset, key, value)));
  }

  private void deliver(CommandRecord command) {
    deliver(command.target().key().toString(), codec.encode(command));
  }

  private long committed() {
    OffsetAndMetadata offset = consumer.committed(Set.of(P0)).get(P0);
    return offset == null ? -1 : offset.offset();
  }

  private List<CommandOutcome> outcomes() {
    return producer.history().stream()
        .filter(r -> r.topic().equals(TOPICS.outcomes()))
        .map(r -> decode(r, CommandOutcome.class))
        .toList();
  }

  private <T extends CronlogRecord> T decode(ProducerRecord<String, byte[]> r, Class<T> type) {
    try {
      return codec.decode(r.value(), type);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void writesOneOutcomePerCommandKeyedLikeTheCommandAndCommitsAfterIt() {
    CreateJob run = command(A, 0);
    deliver(run);

    await().until(() -> committed() == 1);

    assertThat(producer.history())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.topic()).isEqualTo(TOPICS.outcomes());
              assertThat(r.key()).isEqualTo("team-a/alpha");
            });
    assertThat(outcomes())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.commandId()).isEqualTo(run.id());
              assertThat(o.result()).isEqualTo(Result.CREATED);
              assertThat(o.willRetry()).isFalse();
            });
  }

  @Test
  void measuresHowLateEachJobWasCreatedAfterItsRunWasDueAndCountsResultsAndDeadLetters() {
    clock.advance(Duration.ofSeconds(3));
    deliver(command(A, 0));
    deliver("team-a/alpha", "{not json".getBytes(StandardCharsets.UTF_8));

    await().until(() -> committed() == 2);

    assertThat(registry.scrape())
        .contains(
            "cronlog_executor_job_creation_skew_duration_seconds_bucket{trigger=\"schedule\",le=\"2.0\"} 0",
            "cronlog_executor_job_creation_skew_duration_seconds_bucket{trigger=\"schedule\",le=\"5.0\"} 1",
            "cronlog_executor_job_creation_skew_duration_seconds_sum{trigger=\"schedule\"} 3.0",
            "cronlog_executor_commands_total{result=\"CREATED\",type=\"CreateJob\"} 1.0",
            "cronlog_executor_dead_letters_total 1.0");
  }

  @Test
  void sendsAMalformedRecordToTheDeadLetterTopicAndMovesOn() {
    deliver("team-a/alpha", "{not json".getBytes(StandardCharsets.UTF_8));
    deliver(command(A, 0));

    await().until(() -> committed() == 2);

    List<DeadLetter> letters =
        producer.history().stream()
            .filter(r -> r.topic().equals(TOPICS.deadLetter()))
            .map(r -> decode(r, DeadLetter.class))
            .toList();
    assertThat(letters)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.reason()).startsWith("not JSON");
              assertThat(letter.offset()).isZero();
              assertThat(letter.payload()).isEqualTo("{not json");
              assertThat(letter.key()).isEqualTo("team-a/alpha");
            });
    assertThat(outcomes()).hasSize(1);
  }

  @Test
  void sendsACommandUnderAnotherKeyToTheDeadLetterTopic() {
    deliver("team-a/beta", codec.encode(command(A, 0)));

    await().until(() -> committed() == 1);

    assertThat(producer.history())
        .singleElement()
        .satisfies(r -> assertThat(r.topic()).isEqualTo(TOPICS.deadLetter()));
    assertThat(handler.acted).isEmpty();
  }

  @Test
  void parksAScheduledJobWhoseCommandFailedWhileOthersGoOn() throws Exception {
    CreateJob a1 = command(A, 0);
    CreateJob b1 = command(B, 0);
    CreateJob a2 = command(A, 1);
    handler.failTransiently(a1.id(), 1);
    deliver(a1);
    deliver(b1);
    deliver(a2);

    await().until(() -> handler.acted.size() == 2);
    assertThat(handler.acted).containsExactly(a1.id(), b1.id());
    assertThat(outcomes())
        .extracting(CommandOutcome::result, CommandOutcome::willRetry)
        .containsExactly(Tuple.tuple(Result.FAILED, true), Tuple.tuple(Result.CREATED, false));
    // Never past the parked command: a crash now must deliver it again.
    await().until(() -> committed() == 0);

    clock.advance(Duration.ofSeconds(2));

    await().until(() -> committed() == 3);
    assertThat(handler.acted).containsExactly(a1.id(), b1.id(), a1.id(), a2.id());
    assertThat(outcomes())
        .extracting(CommandOutcome::commandId, CommandOutcome::result)
        .endsWith(Tuple.tuple(a1.id(), Result.CREATED), Tuple.tuple(a2.id(), Result.CREATED));
  }

  @Test
  void holdsACommandStampedAheadUntilTheClockGetsThereWhileOtherScheduledJobsGoOn() {
    CreateJob a1 = command(A, 0);
    CreateJob b1 = command(B, 0);
    CreateJob a2 = command(A, 1);
    Instant until = T0.plus(Duration.ofMinutes(2));
    handler.holdUntil(a1.id(), until);
    handler.failTransiently(a1.id(), 1);
    deliver(a1);
    deliver(b1);
    deliver(a2);

    await().until(() -> handler.acted.contains(b1.id()));
    clock.advance(Duration.ofMinutes(1));
    await().until(() -> committed() == 0);

    assertThat(handler.acted).containsExactly(b1.id());
    // Waiting is no attempt: no outcome, one notice whatever the looks at it.
    assertThat(outcomes()).extracting(CommandOutcome::commandId).containsExactly(b1.id());
    assertThat(handler.heldNotices).containsExactly(a1.id() + " until " + until);

    clock.advance(Duration.ofMinutes(1));
    await().until(() -> outcomes().size() == 2);
    assertThat(outcomes().get(1).detail()).startsWith("attempt 1:");
    clock.advance(Duration.ofSeconds(2));

    await().until(() -> committed() == 3);
    assertThat(handler.acted).containsExactly(b1.id(), a1.id(), a1.id(), a2.id());
    assertThat(handler.heldNotices).hasSize(1);
    assertThat(registry.scrape())
        .contains("cronlog_executor_commands_held_total{type=\"CreateJob\"} 1.0");
  }

  @Test
  void aRunWaitingForItsTimeLetsItsScheduledJobsLaterCommandsGoOnAndHoldsTheCommitBack() {
    // A scheduler whose clock runs ahead decided a1 before its time; the one that took over
    // decided a2 meanwhile, which is due: it must not wait behind a1.
    CreateJob a1 = command(A, 1);
    CreateJob a2 = command(A, 0);
    handler.dueAt(a1.id(), T0.plusSeconds(60));
    deliver(a1);
    deliver(a2);

    await().until(() -> handler.acted.contains(a2.id()));
    assertThat(handler.acted).containsExactly(a2.id());
    // No outcome for a waiting run, and no commit past it: a crash now must deliver it again. a2's
    // outcome is written once its action has returned: wait for it, then for nothing more.
    await().until(() -> !outcomes().isEmpty());
    assertThat(outcomes()).extracting(CommandOutcome::commandId).containsExactly(a2.id());
    await().pollDelay(Duration.ofMillis(500)).until(() -> committed() <= 0);

    clock.advance(Duration.ofSeconds(60));

    await().until(() -> committed() == 2);
    assertThat(handler.acted).containsExactly(a2.id(), a1.id());
  }

  @Test
  void actsOnWhileTheBrokerIsAwayAndCommitsOnlyOnceTheOutcomesAreWritten() throws Exception {
    brokerAway = true;
    deliver(command(A, 0));
    deliver(command(B, 0));
    deliver(command(A, 1));

    await().until(() -> handler.acted.size() == 3 && producer.history().size() == 3);
    // Each poll of the loop follows a commit attempt that waited for the outcomes in vain.
    CountDownLatch polls = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      consumer.schedulePollTask(polls::countDown);
    }
    assertThat(polls.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(committed()).isEqualTo(-1);
    assertThat(thread.isAlive()).isTrue();

    brokerAway = false;
    toAcknowledge.release();

    await().until(() -> committed() == 3);
    assertThat(outcomes()).hasSize(3); // each written once
  }

  @Test
  void aRetriableErrorIsRetried() {
    CreateJob run = command(A, 0);
    consumer.schedulePollTask(
        () -> consumer.setPollException(new TimeoutException("Timeout expired while fetching")));
    deliver(run);

    await().until(() -> committed() == 1);

    assertThat(handler.acted).containsExactly(run.id());
    assertThat(thread.isAlive()).isTrue();
  }

  @Test
  void anOffsetOutOfRangeSeeksToTheBeginning() {
    // Retention deleted offsets 0 to 2 before this executor read them: the partition begins at 3
    // now.
    CreateJob run = command(A, 0);
    nextOffset = 3;
    consumer.schedulePollTask(() -> consumer.updateBeginningOffsets(Map.of(P0, 3L)));
    deliver(run);

    await().until(() -> committed() == 4);

    assertThat(handler.acted).containsExactly(run.id());
    assertThat(outcomes()).extracting(CommandOutcome::commandId).containsExactly(run.id());
  }

  @Test
  void showsHowFarAheadOfItsClockTheCommandsAreStamped() {
    deliver(CreateJob.forRun(A, T0, RunReason.SCHEDULED, null, T0.plusSeconds(90)));
    deliver(CreateJob.forRun(B, T0, RunReason.SCHEDULED, null, T0.minusSeconds(30)));

    await().until(() -> committed() == 2);

    assertThat(registry.scrape()).contains("cronlog_executor_clock_skew_seconds 90.0");
  }

  @Test
  void givesUpOnACommandAfterTheLastAttempt() {
    CreateJob a1 = command(A, 0);
    handler.failTransiently(a1.id(), 100);
    deliver(a1);

    for (int attempt = 1; attempt <= 3; attempt++) {
      int attempts = attempt;
      await().until(() -> outcomes().size() == attempts);
      clock.advance(Duration.ofSeconds(20));
    }

    await().until(() -> committed() == 1);
    assertThat(outcomes()).extracting(CommandOutcome::willRetry).containsExactly(true, true, false);
    assertThat(outcomes().get(2).detail()).startsWith("attempt 3:");
    // An auditor deduplicating by id must still see all three attempts.
    assertThat(outcomes()).extracting(CommandOutcome::id).doesNotHaveDuplicates();
  }

  @Test
  void aRunWhoseStatusWriteIsUnderWayHoldsTheCommitButNotItsScheduledJobsNextCommand() {
    CreateJob a1 = command(A, 0);
    CreateJob a2 = command(A, 1);
    CompletableFuture<ActionResult> recorded = handler.pendingUntilCompleted(a1.id());
    deliver(a1);
    deliver(a2);

    await().until(() -> handler.acted.contains(a2.id()));
    // Its Job is made: the next command goes on, but a crash now must deliver the first again.
    assertThat(outcomes()).extracting(CommandOutcome::commandId).containsExactly(a2.id());
    await().pollDelay(Duration.ofMillis(500)).until(() -> committed() <= 0);

    clock.advance(
        Duration.ofSeconds(4)); // the status write takes a while; the run was made on time
    recorded.complete(ActionResult.of(Result.CREATED, "created and recorded"));

    await().until(() -> committed() == 2);
    assertThat(outcomes())
        .extracting(CommandOutcome::commandId, CommandOutcome::result)
        .containsExactly(
            Tuple.tuple(a2.id(), Result.CREATED), Tuple.tuple(a1.id(), Result.CREATED));
    assertThat(outcomes().get(1).time()).isEqualTo(T0);
  }

  @Test
  void aRunWhoseStatusWriteTheStoppingExecutorDropsSaysItsJobWasMadeAndStaysUncommitted() {
    CreateJob a1 = command(A, 0);
    CompletableFuture<ActionResult> recorded = handler.pendingUntilCompleted(a1.id());
    deliver(a1);
    await().until(() -> handler.acted.contains(a1.id()));

    recorded.cancel(false); // what the executor's close does to a status write not yet begun

    await().until(() -> outcomes().size() == 1);
    assertThat(outcomes().get(0).result()).isEqualTo(Result.CREATED);
    assertThat(outcomes().get(0).detail()).contains("left to the command's next owner");
    await().pollDelay(Duration.ofMillis(500)).until(() -> committed() <= 0);
  }

  @Test
  void aRunWhoseStatusWriteFailsAfterItsWorkerMovedOnIsParkedAndTriedAgain() {
    CreateJob a1 = command(A, 0);
    CompletableFuture<ActionResult> recorded = handler.pendingUntilCompleted(a1.id());
    deliver(a1);
    await().until(() -> handler.acted.contains(a1.id()));

    recorded.complete(
        ActionResult.transientFailure("recording Job in the status failed: 500", Duration.ZERO));

    await().until(() -> outcomes().size() == 1);
    assertThat(outcomes().get(0).willRetry()).isTrue();
    await().pollDelay(Duration.ofMillis(500)).until(() -> committed() <= 0);
    clock.advance(Duration.ofSeconds(2));

    await().until(() -> committed() == 1);
    assertThat(handler.acted).containsExactly(a1.id(), a1.id());
    assertThat(outcomes())
        .extracting(CommandOutcome::result)
        .containsExactly(Result.FAILED, Result.CREATED);
  }

  /**
   * Answers CREATED, or a transient failure for the first n attempts at chosen commands; holds
   * chosen commands until the clock reaches a chosen time, as a clock ahead of ours would.
   */
  static final class ScriptedHandler implements CommandHandler {
    final BlockingQueue<String> acted = new LinkedBlockingQueue<>();
    final BlockingQueue<String> heldNotices = new LinkedBlockingQueue<>();
    final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();
    final Map<String, Instant> holdUntil = new ConcurrentHashMap<>();
    final Map<String, Instant> dueAt = new ConcurrentHashMap<>();
    final Map<String, CompletableFuture<ActionResult>> pending = new ConcurrentHashMap<>();
    final Clock clock;

    ScriptedHandler(Clock clock) {
      this.clock = clock;
    }

    void failTransiently(String commandId, int times) {
      failuresLeft.put(commandId, times);
    }

    void holdUntil(String commandId, Instant until) {
      holdUntil.put(commandId, until);
    }

    /**
     * The first attempt at the command is pending until the test completes the future it returns.
     */
    CompletableFuture<ActionResult> pendingUntilCompleted(String commandId) {
      CompletableFuture<ActionResult> finishing = new CompletableFuture<>();
      pending.put(commandId, finishing);
      return finishing;
    }

    void dueAt(String commandId, Instant due) {
      dueAt.put(commandId, due);
    }

    @Override
    public Optional<Instant> dueAt(CommandRecord command) {
      return Optional.ofNullable(dueAt.get(command.id()))
          .filter(due -> due.isAfter(clock.instant()));
    }

    @Override
    public Optional<Instant> notBefore(CommandRecord command) {
      return Optional.ofNullable(holdUntil.get(command.id()))
          .filter(until -> until.isAfter(clock.instant()));
    }

    @Override
    public void held(CommandRecord command, Instant until) {
      heldNotices.add(command.id() + " until " + until);
    }

    @Override
    public ActionResult start(CommandRecord command) {
      acted.add(command.id());
      int left = failuresLeft.getOrDefault(command.id(), 0);
      if (left > 0) {
        failuresLeft.put(command.id(), left - 1);
        return ActionResult.transientFailure("503 ServiceUnavailable", Duration.ZERO);
      }
      CompletableFuture<ActionResult> finishing = pending.remove(command.id());
      if (finishing != null) {
        return ActionResult.pending(ActionResult.of(Result.CREATED, "created"), finishing);
      }
      return ActionResult.of(Result.CREATED, "created");
    }
  }
}
