package io.cronlog.scheduler;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.StateRecord;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.records.topics.TopicBootstrap;
import io.cronlog.scheduler.decide.Decider;
import io.cronlog.scheduler.decide.Decision;
import io.cronlog.scheduler.decide.Situation;
import io.cronlog.scheduler.state.PartitionRestore;
import io.cronlog.scheduler.state.PeerClocks;
import io.cronlog.scheduler.state.StateConsumer;
import io.cronlog.scheduler.state.Tracked;
import io.cronlog.scheduler.timer.SafetyCheck;
import io.cronlog.scheduler.timer.WakeTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler: rebuilds each assigned ScheduledJob from {@code cronlog.state}, keeps one timer
 * per ScheduledJob, and publishes the decisions of {@link Decider} to {@code cronlog.commands}.
 * All state lives on one decision thread; the consumer and the timers only hand it work.
 */
public final class SchedulerService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerService.class);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);
  /** How often a revocation that waits for its hand-over says so. */
  private static final Duration HAND_OVER_REPORT_EVERY = Duration.ofSeconds(30);

  private final SchedulerConfig config;
  private final Clock clock;
  private final RecordCodec codec = new RecordCodec();
  private final Decider decider = new Decider();
  /** Which commands found at restore another scheduler could have published, given the allowed skew. */
  private final PeerClocks peerClocks;
  private final CommandPublisher publisher;
  private final WakeTimers timers;
  /** Fired by Quartz; queues a pass only when the previous one has finished. */
  private final SafetyCheck safetyCheck;
  private final Listener listener = new Listener();
  private final StateConsumer consumer;
  private final Thread consumerThread;
  /** One thread; a pool executor so that its queue, the decisions waiting, can be measured. */
  private final ThreadPoolExecutor decisions = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
      new LinkedBlockingQueue<>(), runnable -> new Thread(runnable, "cronlog-scheduler-decide"));
  private final SchedulerMetrics metrics;
  /** The size of {@code tracked}, for the gauge read off the decision thread. */
  private volatile int trackedCount;
  /** Guarded by confinement to the decision thread. */
  private final Map<ScheduledJobKey, Tracked> tracked = new HashMap<>();
  /** Partitions restored and not revoked; guarded by confinement to the decision thread. */
  private final java.util.Set<Integer> live = new java.util.HashSet<>();
  /** Restores done so far, for the benchmark and the logs. */
  private final List<PartitionRestore> restores = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** A copy of {@code live} for other threads. */
  private volatile Set<Integer> livePartitions = Set.of();
  private volatile boolean fatal;
  private volatile boolean closed;

  /** A scheduler whose meters go nowhere. */
  public SchedulerService(SchedulerConfig config, Clock clock) throws SchedulerException {
    this(config, clock, new SimpleMeterRegistry());
  }

  public SchedulerService(SchedulerConfig config, Clock clock, MeterRegistry registry) throws SchedulerException {
    this.config = config;
    this.clock = clock;
    this.metrics = new SchedulerMetrics(registry);
    metrics.watch(() -> trackedCount, () -> decisions.getQueue().size());
    this.publisher = new CommandPublisher(CommandPublisher.newProducer(config.kafka().clientProperties()),
        config.kafka().topics().commands(), codec);
    this.peerClocks = new PeerClocks(config.maxClockSkew());
    this.safetyCheck = new SafetyCheck(this::submit, this::reconcileAll);
    // Quartz keeps schedulers by name per JVM; several schedulers may share one (dev, tests).
    this.timers = new WakeTimers("cronlog-scheduler-" + UUID.randomUUID(), config.timerThreads(),
        key -> submit(() -> timerFired(key)), safetyCheck, config.safetyCheckInterval());
    this.consumer = new StateConsumer(config.kafka().clientProperties(), config.kafka().topics().state(),
        config.groupId(), config.kafka().topics().commands(), Tracked.PENDING_LIFETIME, clock, listener);
    this.consumerThread = new Thread(consumer, "cronlog-scheduler-state");
  }

  /** Creates missing topics, then joins the group and starts restoring and deciding. */
  public void start() throws InterruptedException, ExecutionException, SchedulerException {
    LOG.info("Starting the scheduler: {}", config);
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicBootstrap(admin, config.kafka().topics(), config.kafka().topicSettings()).ensureTopics();
    }
    timers.start();
    consumerThread.start();
  }

  /** Applies a state record decoded on the consumer thread; {@code state} null for a tombstone. */
  private void apply(ScheduledJobKey key, int partition, ScheduledJobState state, boolean restored) {
    if (state == null) {
      tracked.remove(key);
      trackedCount = tracked.size();
      cancelTimer(key);
      LOG.info("{}: deleted; its timer is dropped", key);
      return;
    }
    Tracked entry = tracked.get(key);
    if (entry == null) {
      tracked.put(key, new Tracked(state, partition));
      trackedCount = tracked.size();
    } else {
      entry.update(state);
    }
    if (restored) {
      reconcile(key);
    }
  }

  private void reconcile(ScheduledJobKey key) {
    Tracked entry = tracked.get(key);
    if (closed || entry == null || !live.contains(entry.partition())) {
      return;
    }
    Instant now = clock.instant();
    ScheduledJobState state = entry.state();
    long decideStarted = System.nanoTime();
    Decision decision = decider.decide(new Situation(state.scheduledJob(), state.jobs(), state.scheduleSince(),
        entry.pendingRuns(now), now, state.id()));
    metrics.decided(Duration.ofNanos(System.nanoTime() - decideStarted));
    List<CommandRecord> fresh = decision.commands().stream().filter(c -> !entry.alreadyPublished(c.id())).toList();
    if (!fresh.isEmpty()) {
      // Counted as published at once, so the next wake does not decide them again while Kafka
      // acknowledges (the publisher waits out a broker that is away); a send Kafka refuses for
      // good is forgotten again and decided anew (publishFailed).
      fresh.forEach(command -> entry.published(command.id()));
      decision.run().filter(fresh::contains).ifPresent(run -> started(key, entry, run, now));
      metrics.published(fresh);
      publisher.publish(key.toString(), fresh).whenComplete((ok, failure) -> {
        if (failure != null) {
          submit(() -> publishFailed(key, fresh, failure));
        }
      });
    }
    decision.nextWake().ifPresentOrElse(at -> wakeAt(key, at), () -> cancelTimer(key));
  }

  private void publishFailed(ScheduledJobKey key, List<CommandRecord> commands, Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof AuthorizationException || cause instanceof UnsupportedVersionException) {
      LOG.error("{}: Kafka refuses the scheduler's commands for good; stopping", key, cause);
      fatal = true;
      new Thread(this::close, "cronlog-scheduler-fatal-stop").start();
      return;
    }
    Tracked entry = tracked.get(key);
    if (entry == null) {
      return; // revoked or deleted meanwhile: the next owner decides afresh
    }
    metrics.publishFailed(commands.size());
    commands.forEach(command -> entry.unpublished(command.id(),
        command instanceof CreateJob run ? run.scheduledTime() : null));
    LOG.warn("{}: publishing {} commands failed, retrying in {}: {}", key, commands.size(), RETRY_AFTER_FAILURE,
        cause.toString());
    wakeAt(key, clock.instant().plus(RETRY_AFTER_FAILURE));
  }

  /**
   * Seeds what an earlier owner published, so that a run it started is not decided again. The
   * commands topic is as open to a careless or hostile writer as the state topic: a record that
   * cannot be read, or is filed under another ScheduledJob's key, goes to the dead letters (under
   * the same id as the executor's dead letter of it); one that no scheduler could have published
   * by now is ignored, lest it hold back a run that is due.
   */
  private void rememberPublished(ConsumerRecord<String, byte[]> record) {
    ScheduledJobKey key;
    CommandRecord command;
    try {
      key = ScheduledJobKey.parse(record.key());
      command = codec.decode(record.value(), CommandRecord.class);
    } catch (IllegalArgumentException | MalformedRecordException e) {
      deadLetter(record, e.getMessage());
      return;
    }
    if (!command.target().key().equals(key)) {
      deadLetter(record, "record key '" + record.key() + "' is not the command's target " + command.target().key());
      return;
    }
    Tracked entry = tracked.get(key);
    if (entry == null || !command.target().uid().equals(entry.state().scheduledJob().getMetadata().getUid())) {
      return; // deleted since, or for an earlier ScheduledJob of the same name: nothing is decided for it
    }
    Instant now = clock.instant();
    Instant scheduledTime = command instanceof CreateJob run && !run.manual() ? run.scheduledTime() : null;
    if (!peerClocks.couldHavePublished(command, scheduledTime, now)) {
      LOG.warn("{}: command {} at {}-{}@{} ignored at restore: published at {}{}, which no scheduler could have done"
          + " by {} (give or take {})", key, command.id(), record.topic(), record.partition(), record.offset(), command.time(),
          scheduledTime == null ? "" : " for a run at " + scheduledTime, now, config.maxClockSkew());
      return;
    }
    entry.restored(command.id(), scheduledTime, command.time());
  }

  private void started(ScheduledJobKey key, Tracked entry, CreateJob run, Instant now) {
    if (run.manual()) {
      // A manual run never moves lastScheduleTime, so it must not wait as a pending scheduled run;
      // status.lastTrigger tells the decision it was handled.
      LOG.info("{}: manual run for trigger '{}' decided", key, run.manualTrigger());
      return;
    }
    entry.runStarted(run.scheduledTime(), now);
    metrics.runDecided(Duration.between(run.scheduledTime(), now));
    LOG.info("{}: run for {} decided, {} ms after its scheduled time", key, run.scheduledTime(),
        Duration.between(run.scheduledTime(), now).toMillis());
  }

  private void reconcileAll() {
    List.copyOf(tracked.keySet()).forEach(this::reconcile);
  }

  private void timerFired(ScheduledJobKey key) {
    Tracked entry = tracked.get(key);
    if (entry != null) {
      entry.timerAt(null); // a one-shot trigger: gone once fired
    }
    reconcile(key);
  }

  private void wakeAt(ScheduledJobKey key, Instant at) {
    Tracked entry = tracked.get(key);
    if (entry != null && at.equals(entry.timerAt())) {
      // Unchanged, and not fired yet (timerFired would have cleared it): the safety check and
      // every state change re-decide, and re-setting the same Quartz trigger was a quarter of a
      // decision's work.
      return;
    }
    try {
      timers.wakeAt(key, at);
      if (entry != null) {
        entry.timerAt(at);
      }
    } catch (SchedulerException e) {
      LOG.error("{}: cannot set its timer; the safety check will catch up", key, e);
    }
  }

  private void cancelTimer(ScheduledJobKey key) {
    Tracked entry = tracked.get(key);
    if (entry != null) {
      entry.timerAt(null);
    }
    try {
      timers.cancel(key);
    } catch (SchedulerException e) {
      LOG.error("{}: cannot drop its timer", key, e);
    }
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
    LOG.warn("{}: untrusted record at {}-{}@{} goes to the dead-letter topic: {}", record.key(),
        record.topic(), record.partition(), record.offset(), reason);
    metrics.deadLettered();
    DeadLetter letter = DeadLetter.of(record, reason, clock.instant());
    publisher.producer().send(new ProducerRecord<>(config.kafka().topics().deadLetter(), record.key(),
        codec.encode(letter)));
  }

  /** Runs {@code task} on the decision thread, after what is queued; nothing once closed. */
  void submit(Runnable task) {
    if (!closed) {
      decisions.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.error("A scheduling task failed", e);
        }
      });
    }
  }

  /** What the consumer thread reports to, as it would (for tests: a rebalance without a broker). */
  StateConsumer.Listener consumerListener() {
    return listener;
  }

  /** What Quartz fires every safety check interval (for tests). */
  Runnable safetyCheck() {
    return safetyCheck;
  }

  /** Whether this scheduler is running, and which partitions it decides for; safe from any thread. */
  public SchedulerHealth health() {
    return new SchedulerHealth(!closed && !fatal && consumerThread.isAlive(), consumer.restoringPartitions(),
        livePartitions);
  }

  /** Every partition restore so far, in order. */
  public List<PartitionRestore> restores() {
    return List.copyOf(restores);
  }

  /** Stops consuming, then timers, then deciding; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    consumer.close();
    try {
      consumerThread.join(Duration.ofSeconds(10).toMillis());
      timers.close();
      decisions.shutdown();
      decisions.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SchedulerException e) {
      LOG.warn("Quartz did not shut down cleanly", e);
    }
    publisher.close();
    LOG.info("The scheduler stopped");
  }

  /** Moves the consumer's reports onto the decision thread. */
  private final class Listener implements StateConsumer.Listener {
    @Override
    public void onRecord(ConsumerRecord<String, byte[]> record, boolean restored) {
      // Decoded here, on the consumer thread, so that a restore's JSON parsing does not hold up
      // the decision thread (the codec is thread-safe).
      // Anyone who may write the topic can write anything to it, and a compacted topic keeps it:
      // a record that cannot be trusted goes to the dead letters, and the partition goes on.
      ScheduledJobKey key;
      try {
        key = ScheduledJobKey.parse(record.key());
      } catch (IllegalArgumentException e) {
        deadLetter(record, e.getMessage());
        return;
      }
      if (record.value() == null) {
        submit(() -> apply(key, record.partition(), null, restored));
        return;
      }
      try {
        ScheduledJobState state = (ScheduledJobState) codec.decode(record.value(), StateRecord.class);
        Optional<String> mismatch = state.keyMismatch(key);
        if (mismatch.isPresent()) {
          deadLetter(record, mismatch.get());
          return;
        }
        submit(() -> apply(key, record.partition(), state, restored));
      } catch (MalformedRecordException e) {
        deadLetter(record, e.getMessage());
      }
    }

    @Override
    public void onRestored(PartitionRestore restore, List<ConsumerRecord<String, byte[]>> recentCommands) {
      submit(() -> {
        recentCommands.forEach(SchedulerService.this::rememberPublished);
        live.add(restore.partition());
        long decideStarted = System.nanoTime();
        List<ScheduledJobKey> keys = tracked.entrySet().stream()
            .filter(e -> e.getValue().partition() == restore.partition()).map(Map.Entry::getKey).toList();
        keys.forEach(SchedulerService.this::reconcile);
        PartitionRestore done = restore.withFirstDecisions(keys.size(),
            Duration.ofNanos(System.nanoTime() - decideStarted));
        restores.add(done);
        metrics.restored(done);
        livePartitions = Set.copyOf(live);
        LOG.info("Restored partition {}: {} state records in {} ms, then {} recent commands in {} ms; "
            + "first decisions for its {} ScheduledJobs in {} ms", done.partition(), done.stateRecords(),
            done.stateTook().toMillis(), done.commandRecords(), done.commandsTook().toMillis(),
            done.scheduledJobs(), done.firstDecisionsTook().toMillis());
      });
    }

    @Override
    public void onRevoked(Collection<Integer> partitions) {
      if (closed) {
        return; // closing: reconcile() publishes nothing more, and the decision thread is ending
      }
      var done = new java.util.concurrent.CompletableFuture<Void>();
      submit(() -> {
        try {
          live.removeAll(partitions);
          livePartitions = Set.copyOf(live);
          tracked.entrySet().removeIf(e -> {
            boolean revoked = partitions.contains(e.getValue().partition());
            if (revoked) {
              cancelTimer(e.getKey());
            }
            return revoked;
          });
          trackedCount = tracked.size();
          // The next owner reads the commands' tail when it is assigned: all of ours must be in it.
          publisher.flush();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          // Completed even after an error, which submit() logs: the wait below has no time limit.
          done.complete(null);
        }
      });
      // No decision for these partitions may follow the revocation, and the next owner must find
      // all our commands in the tail it reads: the rebalance waits for the hand-over, however long
      // it takes (a busy decision thread, Kafka slow to take the flush), and never throws, which
      // would kill this consumer thread.
      HandOverWait.Outcome outcome = HandOverWait.await(done, HAND_OVER_REPORT_EVERY, () -> closed,
          waitedMs -> LOG.warn("Partitions {}: the hand-over has taken {} s so far ({} decisions queued);"
              + " the rebalance waits for it", partitions, waitedMs / 1000, decisions.getQueue().size()));
      if (outcome != HandOverWait.Outcome.HANDED_OVER) {
        LOG.info("Partitions {}: stopped waiting for their hand-over: {}", partitions, outcome);
      }
    }
  }
}
