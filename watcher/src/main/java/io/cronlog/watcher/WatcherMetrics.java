package io.cronlog.watcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * What an operator watches of the watcher: how much it publishes, what it dead-letters, how often
 * publishing fails, how full its queue is, and how often an overflow made it list again.
 */
public final class WatcherMetrics {

  private final MeterRegistry registry;
  private final Counter published;
  private final Counter publishFailures;
  private final Counter relists;
  private final Counter deadLettered;

  public WatcherMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.published =
        Counter.builder("cronlog.watcher.observations.published")
            .description("Observations published with their state, in committed transactions")
            .register(registry);
    this.publishFailures =
        Counter.builder("cronlog.watcher.publish.failures")
            .description("Transactions that failed and were tried again")
            .register(registry);
    this.relists =
        Counter.builder("cronlog.watcher.relists")
            .description(
                "Times the queue stayed full (Kafka away) and the cluster was listed again")
            .register(registry);
    this.deadLettered =
        Counter.builder("cronlog.watcher.records.dead.lettered")
            .description("Records too large for their topic, sent whole to the dead-letter topic")
            .register(registry);
  }

  /**
   * Reports the queue of whichever term is current, whether this watcher leads, and its open
   * producers.
   */
  void watch(IntSupplier queued, BooleanSupplier leading, IntSupplier openProducers) {
    Gauge.builder("cronlog.watcher.queued.observations", queued::getAsInt)
        .description("Observations waiting to be published")
        .register(registry);
    Gauge.builder("cronlog.watcher.leading", () -> leading.getAsBoolean() ? 1 : 0)
        .description("1 while this watcher holds the Lease and publishes")
        .register(registry);
    Gauge.builder("cronlog.watcher.producers.open", openProducers::getAsInt)
        .description("Kafka producers open; more than 1 would mean a failed one was not closed")
        .register(registry);
  }

  /** Observations published with their state, once their transaction committed. */
  public void published(int observations) {
    published.increment(observations);
  }

  /** Records sent whole to the dead-letter topic. */
  public void deadLettered(long records) {
    deadLettered.increment(records);
  }

  /** A transaction failed and is tried again. */
  public void publishFailed() {
    publishFailures.increment();
  }

  void relisted() {
    relists.increment();
  }

  double relists() {
    return relists.count();
  }
}
