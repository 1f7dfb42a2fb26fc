package io.cronlog.executor;

import io.cronlog.executor.act.CommandActions;
import io.cronlog.executor.act.CommandHandler;
import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.executor.consume.CommandLoop;
import io.cronlog.executor.consume.CommandMetrics;
import io.cronlog.executor.consume.CommandProcessor;
import io.cronlog.executor.consume.ObservedSkew;
import io.cronlog.executor.consume.OutcomeWriter;
import io.cronlog.ops.Health;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.errors.Unrecoverable;
import io.cronlog.runtime.topics.Topics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor service: consumes {@code cronlog.commands} in its consumer group, acts on each
 * command against the Kubernetes API, and writes the outcome. Owns, and closes, the clients it is
 * given.
 */
public final class Executor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Executor.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration OUTCOMES_ON_CLOSE = Duration.ofSeconds(5);

  /**
   * The longest the executor waits for its actions to be ready ({@link CommandHandler#ready})
   * before it consumes anyway: a cache that cannot list (the API away at start) must not keep the
   * commands waiting for long, only cost them a read each.
   */
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration READY_POLL = Duration.ofMillis(50);

  private final KubernetesClient kube;
  private final CommandHandler actions;
  private final Producer<String, byte[]> producer;
  private final OutcomeWriter outcomes;
  private final CommandLoop loop;
  private final ObservedSkew clockSkew;
  private final String topic;
  private final Thread thread;
  private final CompletableFuture<Void> termination = new CompletableFuture<>();

  /** Set once the loop consumes, after the actions were ready or waited for their longest. */
  private volatile boolean consuming;

  private final Object lifecycle = new Object();

  /** Guarded by {@link #lifecycle}. */
  private boolean started;

  /** Guarded by {@link #lifecycle}. */
  private boolean closed;

  /**
   * @param consumers makes the consumer of {@code cronlog.commands} (from {@link
   *     ExecutorConfig#consumerProperties()}); called once, on the executor's thread
   * @param producer writes outcomes and dead letters
   */
  public Executor(
      KubernetesClient kube,
      ExecutorConfig config,
      Supplier<Consumer<String, byte[]>> consumers,
      Producer<String, byte[]> producer,
      Clock clock) {
    this(kube, config, consumers, producer, clock, new SimpleMeterRegistry());
  }

  /** An executor whose meters ({@link CommandMetrics}) go to {@code registry}. */
  public Executor(
      KubernetesClient kube,
      ExecutorConfig config,
      Supplier<Consumer<String, byte[]>> consumers,
      Producer<String, byte[]> producer,
      Clock clock,
      MeterRegistry registry) {
    this(
        kube,
        CommandActions.watching(kube, clock, config.maxClockSkew()),
        config,
        consumers,
        producer,
        clock,
        registry);
  }

  /**
   * An executor that acts through {@code actions} rather than cronlog's own actions on {@code
   * kube}; the benchmark gives it a handler that answers at once, to measure the executor apart
   * from the API.
   */
  public Executor(
      KubernetesClient kube,
      CommandHandler actions,
      ExecutorConfig config,
      Supplier<Consumer<String, byte[]>> consumers,
      Producer<String, byte[]> producer,
      Clock clock) {
    this(kube, actions, config, consumers, producer, clock, new SimpleMeterRegistry());
  }

  private Executor(
      KubernetesClient kube,
      CommandHandler actions,
      ExecutorConfig config,
      Supplier<Consumer<String, byte[]>> consumers,
      Producer<String, byte[]> producer,
      Clock clock,
      MeterRegistry registry) {
    this.kube = kube;
    this.actions = actions;
    this.producer = producer;
    Topics topics = config.kafka().topics();
    RecordCodec codec = new RecordCodec();
    this.outcomes = new OutcomeWriter(producer, topics, codec);
    Gauge.builder("cronlog.executor.outcomes.unwritten", outcomes, OutcomeWriter::unwritten)
        .description(
            "Outcomes and dead letters sent and not yet written: non-zero for long while the broker is away;"
                + " the commands' offsets wait for them")
        .register(registry);
    this.clockSkew =
        new ObservedSkew(clock, config.maxClockSkew(), CommandActions.PLAUSIBLE_CLOCK_SKEW);
    this.topic = topics.commands();
    CommandProcessor processor =
        new CommandProcessor(
            codec,
            actions,
            outcomes,
            config.retry(),
            clock,
            () -> ThreadLocalRandom.current().nextDouble(),
            new CommandMetrics(registry, clockSkew));
    this.loop =
        new CommandLoop(consumers, topics.commands(), processor, outcomes, clock, config.workers());
    this.thread = new Thread(this::runLoop, "cronlog-executor-" + config.groupId());
  }

  /**
   * Makes the production consumer of {@code cronlog.commands} from {@code config}, its own meters
   * (its lag above all, {@code kafka_consumer_fetch_manager_records_lag_max}) going to {@code
   * registry}.
   */
  public static Supplier<Consumer<String, byte[]>> consumers(
      ExecutorConfig config, MeterRegistry registry) {
    return () -> {
      KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(
              config.consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer());
      // Made once per process, so the binding lives as long as the process; left unclosed, it
      // keeps reading the closed consumer's metrics, which are gone, until the process ends.
      new KafkaClientMetrics(consumer).bindTo(registry);
      return consumer;
    };
  }

  /** Starts consuming on the executor's own thread. */
  public void start() {
    synchronized (lifecycle) {
      if (started || closed) {
        throw new IllegalStateException("the executor can be started once, before it is closed");
      }
      started = true;
      thread.start();
    }
  }

  /** Completes when the loop ends: normally after {@link #close()}, exceptionally if it failed. */
  public CompletableFuture<Void> termination() {
    return termination;
  }

  /**
   * For the probes: down once the loop has stopped; not ready while this executor's clock is behind
   * the clocks that stamp its commands by more than the allowed skew, since its commands then wait
   * for it; otherwise up.
   */
  public Health.Status health() {
    if (termination.isDone()) {
      Throwable failure = termination.handle((stopped, error) -> error).join();
      return Health.Status.down(
          failure == null
              ? "the command loop stopped"
              : "the command loop stopped: "
                  + (failure.getCause() != null ? failure.getCause() : failure));
    }
    if (!consuming) {
      return Health.Status.starting(
          "not consuming yet: waiting for its actions to be ready (the ScheduledJob cache's first list)");
    }
    return clockSkew
        .behind()
        .map(Health.Status::starting)
        .orElseGet(() -> Health.Status.up("consuming " + topic));
  }

  /**
   * Stops consuming, then closes the actions' writers, the producer and the Kubernetes client.
   * Idempotent.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    loop.close();
    try {
      thread.join(STOP_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("The command loop did not stop within {}", STOP_TIMEOUT);
    }
    // Status writes and Events not done yet stay undone; their commands were not committed. The
    // outcomes that say their Jobs were made are written before the producer goes.
    actions.close();
    try {
      outcomes.awaitWritten(OUTCOMES_ON_CLOSE);
    } catch (KafkaException e) {
      LOG.warn("Outcomes could not be written on close: {}", e.getMessage());
    }
    outcomes.close();
    // Outcomes still unwritten (the broker away) are dropped here; their commands' offsets were
    // not committed, so the next owner acts on them again and writes them.
    producer.close(STOP_TIMEOUT);
    kube.close();
    termination.complete(null);
    LOG.info("Executor closed");
  }

  private void runLoop() {
    try {
      awaitReady();
      consuming = true;
      loop.run();
      termination.complete(null);
    } catch (Unrecoverable e) {
      // Logged with its cause where the loop met it; the process exits (see Main).
      termination.completeExceptionally(e);
    } catch (RuntimeException | Error e) {
      // Kafka authorization, a lost producer, a broken broker: nothing this service can repair.
      LOG.error("The command loop failed; the executor stops", e);
      termination.completeExceptionally(e);
    }
  }

  /**
   * Waits until the actions are ready, the executor is closed, or {@link #READY_TIMEOUT} has
   * passed. The commands wait meanwhile in Kafka, and partitions stay with the executors already
   * consuming.
   */
  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!actions.ready()) {
      synchronized (lifecycle) {
        if (closed) {
          return;
        }
      }
      if (System.nanoTime() >= deadline) {
        LOG.warn(
            "The ScheduledJob cache has no first list after {}; consuming anyway, every run reading its"
                + " ScheduledJob from the API until it has",
            READY_TIMEOUT);
        return;
      }
      try {
        Thread.sleep(READY_POLL.toMillis());
      } catch (InterruptedException e) {
        // Kept for the loop, whose consumer then stops as on any interrupt.
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
