package io.cronlog.watcher;

import io.cronlog.watcher.aggregate.Aggregates;
import io.cronlog.watcher.aggregate.Publication;
import io.cronlog.watcher.lead.Leadership;
import io.cronlog.watcher.lead.LeaseLost;
import io.cronlog.watcher.observe.Observation;
import io.cronlog.watcher.observe.Observing;
import io.cronlog.watcher.publish.BatchPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The publishing thread's loop: takes what the informers queued, in batches, turns each batch into
 * publications through the aggregates and has them published before taking the next; lists the
 * cluster again once an overflow's queue is published. The aggregates are this thread's alone.
 */
final class PublishLoop {

  private final Observing observing;
  private final Aggregates aggregates;
  private final BatchPublisher publisher;
  private final Relisting relisting;
  private final Leadership leadership;
  private final int maxBatch;

  /** Set once every object of the (latest) list was applied and what it changed published. */
  private volatile boolean synced;

  PublishLoop(
      Observing observing,
      Aggregates aggregates,
      BatchPublisher publisher,
      Relisting relisting,
      Leadership leadership,
      int maxBatch) {
    this.observing = observing;
    this.aggregates = aggregates;
    this.publisher = publisher;
    this.relisting = relisting;
    this.leadership = leadership;
    this.maxBatch = maxBatch;
  }

  /**
   * Publishes until leadership ends, or the term closes ({@code closing}) and what was queued is
   * published, or it closes while Kafka is away (what is left, the next term publishes).
   *
   * @throws LeaseLost when the lease was found not surely held
   * @throws InterruptedException when interrupted while waiting (abandon() does, as it ends the
   *     term)
   */
  void run(BooleanSupplier closing) throws LeaseLost, InterruptedException {
    // After close() the informers are stopped; what they queued before is still published.
    while (!leadership.isLost() && (!closing.getAsBoolean() || !observing.queue().isEmpty())) {
      BlockingQueue<Observation> queue = observing.queue();
      Observation first = queue.poll(200, TimeUnit.MILLISECONDS);
      if (first != null) {
        List<Observation> batch = new ArrayList<>();
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        List<Publication> publications = new ArrayList<>();
        batch.forEach(observation -> publications.addAll(aggregates.apply(observation)));
        if (!publications.isEmpty() && !publisher.publish(publications, closing)) {
          return;
        }
        synced = aggregates.caughtUpWithInitialList();
      }
      if (relisting.isDue(closing.getAsBoolean())) {
        synced = false;
        relisting.listAgain();
      }
    }
  }

  /** True once the cluster as last listed is published. */
  boolean isSynced() {
    return synced;
  }
}
