package io.cronlog.watcher;

import io.cronlog.watcher.aggregate.Aggregates;
import io.cronlog.watcher.lead.Leadership;
import io.cronlog.watcher.lead.LeaseLost;
import io.cronlog.watcher.observe.Observing;
import io.cronlog.watcher.publish.BatchPublisher;
import io.cronlog.watcher.publish.FatalKafkaError;
import io.cronlog.watcher.publish.PublicationEncoder;
import io.cronlog.watcher.publish.TopicLimits;
import io.cronlog.watcher.publish.TransactionalPublisher;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One term of leadership: its start ({@link TermStart}), then its informers ({@link Observing})
 * feeding a publishing thread ({@link PublishLoop}) that publishes only the differences. Everything
 * here is fresh per term (queue, aggregates, informers, producer), so a term that ends leaves
 * nothing for the next one to trust. This class wires the parts and runs their lifecycle.
 */
final class Term {

  private static final Logger LOG = LoggerFactory.getLogger(Term.class);

  private final Leadership leadership;
  private final Observing observing;
  private final TransactionalPublisher publisher;
  private final TopicLimits limits;
  private final TermStart termStart;
  private final WatcherMetrics metrics;
  private final int maxBatch;

  /** The publishing thread's alone once it starts; seeded by start() before. */
  private final Aggregates aggregates = new Aggregates();

  private final Thread publisherThread;
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  /** Set by start() before the publishing thread starts, which runs it from then on. */
  private volatile PublishLoop loop;

  /** Set by close(): publish what is queued, then stop. */
  private volatile boolean closing;

  Term(
      KubernetesClient client,
      WatcherConfig config,
      Clock clock,
      WatcherKafka kafka,
      WatcherMetrics metrics,
      BooleanSupplier holdsLease) {
    this.leadership = new Leadership(holdsLease);
    this.observing =
        new Observing(
            client, config.namespaces(), config.queueCapacity(), config.queueFullTimeout(), clock);
    this.publisher =
        new TransactionalPublisher(kafka.producers(), kafka.openProducers(), holdsLease);
    this.limits = new TopicLimits(kafka.limits(), config.kafka().topics());
    this.termStart =
        new TermStart(publisher, limits, kafka, config.kafka().topics(), metrics, clock);
    this.metrics = metrics;
    this.maxBatch = config.maxRecordsPerTransaction();
    this.publisherThread = new Thread(this::publish, "cronlog-watcher-publisher");
  }

  /** Starts the term (see {@link TermStart}), then publishes on its own thread and watches. */
  void start() throws InterruptedException {
    Optional<PublicationEncoder> encoder;
    try {
      encoder = termStart.run(aggregates, leadership, () -> closing);
    } catch (LeaseLost e) {
      LOG.info("The term ends before it published: {}", e.getMessage());
      leadership.giveUp();
      publisher.close();
      return;
    } catch (RuntimeException | InterruptedException e) {
      publisher.close();
      throw e;
    }
    if (encoder.isEmpty() || leadership.isLost() || closing) {
      publisher.close();
      return;
    }
    loop =
        new PublishLoop(
            observing,
            aggregates,
            new BatchPublisher(publisher, encoder.get(), limits, leadership, metrics),
            new Relisting(observing, aggregates, metrics),
            leadership,
            maxBatch);
    publisherThread.start();
    observing.start();
  }

  /** Completes when the term's publishing ends; exceptionally when Kafka refused it for good. */
  CompletableFuture<Void> ended() {
    return ended;
  }

  /** Observations waiting to be published. */
  int queued() {
    return observing.queue().size();
  }

  /**
   * True while the informers stopped queueing after an overflow, until the cluster is listed again.
   */
  boolean overflowed() {
    return observing.overflowed();
  }

  boolean isSynced() {
    PublishLoop running = loop;
    return running != null && running.isSynced() && !leadership.isLost();
  }

  boolean isAbandoned() {
    return leadership.isLost();
  }

  boolean isPublishing() {
    return publisherThread.isAlive() && !leadership.isLost();
  }

  /** Leadership is lost: stop at once, publish nothing more, abort the open transaction. */
  void abandon() {
    leadership.giveUp();
    observing.close();
    publisher.abort();
    publisherThread.interrupt(); // wakes it from the queue or a backoff: it sees the loss and ends
    if (publisherThread.getState() == Thread.State.NEW) {
      ended.complete(null);
    }
  }

  /** Stops watching, publishes what was queued, then stops; waits up to 10 s. */
  void close() {
    closing = true;
    observing.close();
    if (publisherThread.getState() == Thread.State.NEW) {
      publisher.close();
      ended.complete(null);
      return;
    }
    try {
      publisherThread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The publishing thread: runs the loop, and ends the term as the loop ended. */
  private void publish() {
    boolean interrupted = false;
    try {
      loop.run(() -> closing);
      ended.complete(null);
    } catch (LeaseLost e) {
      ended.complete(null); // what is left is the next leader's to publish
    } catch (InterruptedException e) {
      // abandon() interrupts this thread's waits, and the thread ends here. The flag is restored
      // once the producer is closed, so that closing it is not cut short.
      interrupted = true;
      ended.complete(null);
    } catch (FatalKafkaError e) {
      if (leadership.isLost()) {
        ended.complete(
            null); // the new leader's producer fenced ours: expected at the end of a term
      } else {
        LOG.error("The watcher stops: Kafka refused it for good", e.getCause());
        observing.close();
        ended.completeExceptionally(e.getCause());
      }
    } catch (RuntimeException e) {
      if (leadership.isLost()) {
        ended.complete(null); // the producer was closed under us by abandon()
      } else {
        LOG.error("The watcher stops on an unexpected error", e);
        observing.close();
        ended.completeExceptionally(e);
      }
    } finally {
      publisher.close();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
