package io.cronlog.watcher;

import io.cronlog.watcher.aggregate.Aggregates;
import io.cronlog.watcher.observe.Observing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the cluster again after the queue overflowed while Kafka was away, once what it held is
 * published: the aggregates are then exactly what was published, so a new list, compared with them,
 * publishes every change the overflow skipped (each object's latest version, and deletions), as a
 * restart would. Used by the publishing thread only.
 */
final class Relisting {

  private static final Logger LOG = LoggerFactory.getLogger(Relisting.class);

  private final Observing observing;
  private final Aggregates aggregates;
  private final WatcherMetrics metrics;

  Relisting(Observing observing, Aggregates aggregates, WatcherMetrics metrics) {
    this.observing = observing;
    this.aggregates = aggregates;
    this.metrics = metrics;
  }

  /**
   * True when the informers overflowed and everything they queued is published; never while
   * closing.
   */
  boolean isDue(boolean closing) {
    return observing.overflowed() && observing.queue().isEmpty() && !closing;
  }

  /**
   * Replaces the informers by new ones that list again, after which the aggregates expect the list.
   */
  void listAgain() {
    LOG.warn("Listing the cluster again: the queue overflowed while Kafka was away");
    metrics.relisted();
    aggregates.expectRelist();
    observing.listAgain();
  }
}
