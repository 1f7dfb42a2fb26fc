package io.cronlog.scheduler;

import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.errors.Unrecoverable;
import io.cronlog.scheduler.decide.Decider;
import io.cronlog.scheduler.intake.DeadLetters;
import io.cronlog.scheduler.intake.RecordChecks;
import io.cronlog.scheduler.shard.DecisionShard;
import io.cronlog.scheduler.shard.DecisionShards;
import io.cronlog.scheduler.state.KnownScheduledJob;
import io.cronlog.scheduler.state.PartitionRestore;
import io.cronlog.scheduler.state.PeerClocks;
import io.cronlog.scheduler.state.StateConsumer;
import io.cronlog.scheduler.timer.WakeTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler: rebuilds each assigned ScheduledJob from {@code cronlog.state}, keeps one timer
 * per ScheduledJob, and publishes the decisions of {@link Decider} to {@code cronlog.commands}.
 * This class only wires the parts and runs their lifecycle: the consumer thread ({@link
 * StateConsumer}) reads, {@link RecordRouter} checks and routes, the decision threads ({@link
 * DecisionShards}) hold the state and decide, {@link WakeTimers} fires, and {@link
 * CommandPublisher} sends. Owns, and closes, the Kafka clients it is given.
 */
public final class SchedulerService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerService.class);

  private final SchedulerConfig config;
  private final SchedulerClients clients;
  private final CommandPublisher publisher;
  private final WakeTimers timers;
  private final DecisionShards shards;
  private final RecordRouter router;
  private final StateConsumer consumer;
  private final Thread consumerThread;
  private volatile boolean fatal;
  private volatile boolean closed;

  /**
   * A scheduler on the production Kafka clients, whose meters go nowhere (what {@code cronlog dev}
   * runs).
   */
  public SchedulerService(SchedulerConfig config, Clock clock) throws SchedulerException {
    this(config, clock, new SimpleMeterRegistry());
  }

  /** A scheduler on the production Kafka clients. */
  public SchedulerService(SchedulerConfig config, Clock clock, MeterRegistry registry)
      throws SchedulerException {
    this(config, SchedulerClients.of(config, registry), clock, registry);
  }

  /** A scheduler on {@code clients}, which it closes when it closes. */
  public SchedulerService(
      SchedulerConfig config, SchedulerClients clients, Clock clock, MeterRegistry registry)
      throws SchedulerException {
    this.config = config;
    this.clients = clients;
    SchedulerMetrics metrics = new SchedulerMetrics(registry);
    // No decision reads a Job template beyond its presence, and a partition's every ScheduledJob
    // stays in the heap: reading the templates cost most of a restore's decoding and memory.
    RecordCodec codec = RecordCodec.withoutJobTemplates();
    this.publisher =
        new CommandPublisher(clients.producer(), config.kafka().topics().commands(), codec);
    // Quartz keeps schedulers by name per JVM; several schedulers may share one (dev, tests).
    this.timers =
        new WakeTimers(
            "cronlog-scheduler-" + UUID.randomUUID(),
            config.timerThreads(),
            (shard, at) -> shards().timerFired(shard, at),
            () -> shards().safetyCheck(),
            config.safetyCheckInterval());
    DecisionShard.Tools tools =
        new DecisionShard.Tools(
            clock,
            new PeerClocks(config.maxClockSkew()),
            publisher,
            timers,
            metrics,
            () -> closed,
            this::stopForGood);
    this.shards =
        new DecisionShards(
            config.decisionThreads(),
            i -> new DecisionShard(i, "cronlog-scheduler-decide-" + i, tools));
    metrics.watch(shards::scheduledJobs, shards::queued);
    DeadLetters deadLetters =
        new DeadLetters(
            clients.producer(), config.kafka().topics().deadLetter(), codec, clock, metrics);
    this.router =
        new RecordRouter(new RecordChecks(codec), deadLetters, shards, metrics, () -> closed);
    this.consumer =
        new StateConsumer(
            clients.stateConsumers(),
            clients.commandReaders(),
            config.kafka().topics().state(),
            config.kafka().topics().commands(),
            KnownScheduledJob.PENDING_LIFETIME,
            clock,
            router);
    metrics.watchRestores(consumer::restoringPartitions);
    this.consumerThread = new Thread(this::consume, "cronlog-scheduler-state");
  }

  /** Creates missing topics, then joins the group and starts restoring and deciding. */
  public void start() throws InterruptedException, ExecutionException, SchedulerException {
    LOG.info("Starting the scheduler: {}", config);
    clients.topics().ensureTopics();
    timers.start();
    consumerThread.start();
  }

  /**
   * The consumer thread's work: reads until closed, or until an error stops it, which stops the
   * scheduler.
   */
  private void consume() {
    try {
      consumer.run();
    } catch (Unrecoverable e) {
      // Logged with its cause where the consumer met it.
      stopForGood(e);
    } catch (RuntimeException | Error e) {
      // Its clients could not be made or subscribed: nothing this scheduler can repair.
      LOG.error("The state consumer failed; the scheduler stops", e);
      stopForGood(e);
    }
  }

  /** The decision threads; read by the timers' callbacks, which Quartz calls only once started. */
  private DecisionShards shards() {
    return shards;
  }

  /**
   * Kafka refuses our commands or our reads for good (authorization, an unsupported version):
   * nothing to retry; the scheduler reports itself down and stops.
   */
  private void stopForGood(Throwable cause) {
    fatal = true;
    new Thread(this::close, "cronlog-scheduler-fatal-stop").start();
  }

  /** What the consumer thread reports to, as it would (for tests: a rebalance without a broker). */
  StateConsumer.Listener consumerListener() {
    return router;
  }

  /** What Quartz fires every safety check interval (for tests). */
  Runnable safetyCheck() {
    return shards::safetyCheck;
  }

  /** The decision threads (for tests that hold them up). */
  DecisionShards decisionThreads() {
    return shards;
  }

  /** When the timer of {@code key} fires, if it has one (for tests). */
  Optional<Instant> timerOf(ScheduledJobKey key) throws Exception {
    return shards.timerOf(key).get(10, TimeUnit.SECONDS);
  }

  /** How many wake timers Quartz holds (for tests). */
  int wakeTimersSet() throws SchedulerException {
    return timers.wakeTimersSet();
  }

  /**
   * Whether this scheduler is running, and which partitions it decides for; safe from any thread.
   */
  public SchedulerHealth health() {
    return new SchedulerHealth(
        !closed && !fatal && consumerThread.isAlive(),
        consumer.restoringPartitions(),
        router.livePartitions());
  }

  /** Every partition restore so far, in order. */
  public List<PartitionRestore> restores() {
    return router.restores();
  }

  /** Stops consuming, then timers, then deciding, then sending; idempotent. */
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
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SchedulerException e) {
      LOG.warn("Quartz did not shut down cleanly", e);
    }
    shards.close();
    publisher.close();
    LOG.info("The scheduler stopped");
  }
}
