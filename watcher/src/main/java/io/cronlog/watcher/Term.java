package io.cronlog.watcher;

import io.cronlog.records.DeadLetter;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.topics.Topics;
import io.cronlog.watcher.aggregate.Aggregates;
import io.cronlog.watcher.aggregate.Publication;
import io.cronlog.watcher.lead.LeaseLost;
import io.cronlog.watcher.observe.Observation;
import io.cronlog.watcher.observe.Observing;
import io.cronlog.watcher.publish.OpenProducers;
import io.cronlog.watcher.publish.PublicationEncoder;
import io.cronlog.watcher.publish.RecordRefusedAsTooLarge;
import io.cronlog.watcher.publish.RecordSizeLimits;
import io.cronlog.watcher.publish.StateTopicReader;
import io.cronlog.watcher.publish.TransactionalPublisher;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One term of leadership: fences the previous leader's producer, reads back the last published
 * state, watches, and publishes only the differences. Everything here is fresh per term (queue,
 * aggregates, informers, producer), so a term that ends leaves nothing for the next one to trust.
 * One thread (the publisher) owns the aggregates and the producer.
 */
final class Term {

  private static final Logger LOG = LoggerFactory.getLogger(Term.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final WatcherConfig config;
  private final Clock clock;
  private final RecordCodec codec;
  private final BooleanSupplier holdsLease;
  private final WatcherMetrics metrics;
  private final Aggregates aggregates = new Aggregates();
  private final Observing observing;
  private final TransactionalPublisher publisher;
  /** Set by start() before the publishing thread starts, which owns it from then on. */
  private PublicationEncoder encoder;
  private final Thread publisherThread;
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  /** Set by close(): publish what is queued, then stop. */
  private volatile boolean closing;
  /** Set by abandon(): leadership is lost, publish nothing more. */
  private volatile boolean abandoned;
  /** Set once every object of the initial list was applied and what it changed published. */
  private volatile boolean synced;

  Term(KubernetesClient client, WatcherConfig config, Clock clock, RecordCodec codec, BooleanSupplier holdsLease,
      WatcherMetrics metrics, OpenProducers openProducers) {
    this.config = config;
    this.clock = clock;
    this.codec = codec;
    this.holdsLease = holdsLease;
    this.metrics = metrics;
    this.observing = new Observing(client, config.namespaces(), config.queueCapacity(), config.queueFullTimeout(),
        clock);
    this.publisher = new TransactionalPublisher(TransactionalPublisher.kafkaProducers(config.kafka().clientProperties(),
        config.transactionalId(), config.publishTimeout()), openProducers, holdsLease);
    this.publisherThread = new Thread(this::publishLoop, "cronlog-watcher-publisher");
  }

  /**
   * Fences the previous leader, reads the last published state, then watches and publishes.
   * Opening the producer first matters: its initTransactions aborts what an older producer with
   * the id left open and refuses its later commits, so the state read next is final.
   */
  void start() throws InterruptedException {
    Backoff backoff = new Backoff(Duration.ofMillis(100), MAX_BACKOFF);
    while (true) {
      if (abandoned || closing) {
        publisher.close();
        return;
      }
      try {
        publisher.open();
        encoder = new PublicationEncoder(codec, config.kafka().topics(), readSizeLimits());
        var lastPublished = new StateTopicReader(config.kafka().clientProperties(),
            config.kafka().topics().state(), codec).readAll(clock.instant());
        deadLetter(lastPublished.untrusted());
        aggregates.seed(lastPublished.states().values());
        break;
      } catch (LeaseLost e) {
        LOG.info("The term ends before it published: {}", e.getMessage());
        abandoned = true;
        publisher.close();
        return;
      } catch (KafkaException e) {
        if (isFatal(e)) {
          publisher.close();
          throw e;
        }
        // Kafka away at the start of a term: keep the lease and try again; nothing is queued yet.
        // The producer is closed first, whichever step failed, so that the retry's is the only one.
        LOG.warn("Starting a term failed, retrying in {} ms: {}", backoff.next().toMillis(), e.toString());
        publisher.reset();
        backoff.sleep();
      } catch (RuntimeException e) {
        publisher.close();
        throw e;
      }
    }
    if (abandoned || closing) {
      publisher.close();
      return;
    }
    publisherThread.start();
    observing.start();
  }

  /**
   * Sends what the state topic holds that no watcher wrote to the dead letters, before anything is
   * published. The scheduler dead-letters the same records under the same ids (they derive from
   * topic, partition and offset), and each term sends them again: readers keep one per id.
   */
  private void deadLetter(List<DeadLetter> untrusted) throws LeaseLost {
    if (untrusted.isEmpty()) {
      return;
    }
    publisher.publish(untrusted.stream().map(encoder::deadLetter).toList());
    metrics.deadLettered(untrusted.size());
    LOG.warn("{} records on {} that no watcher wrote went to {}", untrusted.size(), config.kafka().topics().state(),
        config.kafka().topics().deadLetter());
  }

  /** What each topic the watcher writes takes, read once per term. */
  private RecordSizeLimits readSizeLimits() throws InterruptedException {
    Topics topics = config.kafka().topics();
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      RecordSizeLimits limits = RecordSizeLimits.read(admin,
          List.of(topics.events(), topics.state(), topics.commands(), topics.deadLetter()));
      LOG.info("Records larger than these go to {}: {}", topics.deadLetter(), limits);
      return limits;
    }
  }

  /** The topics' limits read again, and {@code topic}'s at most what it just refused. */
  private RecordSizeLimits limitsBelow(String topic, int refusedSize) throws InterruptedException {
    RecordSizeLimits limits;
    try {
      limits = readSizeLimits();
    } catch (KafkaException e) {
      LOG.warn("Reading the topics' limits failed, keeping those known: {}", e.toString());
      limits = encoder.limits();
    }
    limits.lowerBelow(topic, refusedSize);
    return limits;
  }

  /** Completes when the term's publishing ends; exceptionally when Kafka refused it for good. */
  CompletableFuture<Void> ended() {
    return ended;
  }

  /** Observations waiting to be published. */
  int queued() {
    return observing.queue().size();
  }

  boolean isSynced() {
    return synced && !abandoned;
  }

  boolean isAbandoned() {
    return abandoned;
  }

  boolean isPublishing() {
    return publisherThread.isAlive() && !abandoned;
  }

  /** Leadership is lost: stop at once, publish nothing more, abort the open transaction. */
  void abandon() {
    abandoned = true;
    observing.close();
    publisher.abort();
    publisherThread.interrupt();
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

  private void publishLoop() {
    boolean interrupted = false;
    try {
      // After close() the informers are stopped; what they queued before is still published.
      while (!abandoned && (!closing || !observing.queue().isEmpty())) {
        BlockingQueue<Observation> queue = observing.queue();
        Observation first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first != null) {
          List<Observation> batch = new ArrayList<>();
          batch.add(first);
          queue.drainTo(batch, config.maxRecordsPerTransaction() - 1);
          List<Publication> publications = new ArrayList<>();
          batch.forEach(observation -> publications.addAll(aggregates.apply(observation)));
          if (!publications.isEmpty() && !publishUntilDone(publications)) {
            break; // closed while Kafka was away: the next term publishes the differences
          }
          synced = aggregates.caughtUpWithInitialList();
        }
        if (observing.overflowed() && queue.isEmpty() && !closing) {
          listAgain();
        }
      }
      ended.complete(null);
    } catch (LeaseLost e) {
      ended.complete(null); // what is left is the next leader's to publish
    } catch (InterruptedException e) {
      // abandon() interrupts the waits of this thread, which ends here. The flag is restored once
      // the producer is closed, so that its close is not cut short.
      interrupted = true;
      ended.complete(null);
    } catch (FatalKafkaError e) {
      if (abandoned) {
        ended.complete(null); // the new leader's producer fenced ours: expected at the end of a term
      } else {
        LOG.error("The watcher stops: Kafka refused it for good", e.getCause());
        observing.close();
        ended.completeExceptionally(e.getCause());
      }
    } catch (RuntimeException e) {
      if (abandoned) {
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

  /**
   * Retries one batch, in order, until it is published: nothing observed is ever dropped. False when
   * the term closes while Kafka is away, the batch unpublished.
   */
  private boolean publishUntilDone(List<Publication> publications) throws LeaseLost, InterruptedException {
    Backoff backoff = new Backoff(Duration.ofMillis(100), MAX_BACKOFF);
    while (true) {
      // The lease is checked before every transaction, and again right before it commits
      // (TransactionalPublisher): a leader that cannot renew stops publishing before any other
      // candidate may take the lease, however long Kafka held up the transaction.
      if (abandoned || !holdsLease.getAsBoolean()) {
        LOG.warn("Not leading any more: {} observations left to the next leader", publications.size());
        abandoned = true;
        throw new LeaseLost("the lease was not surely held before a transaction");
      }
      try {
        PublicationEncoder.Encoded encoded = encoder.encode(publications);
        publisher.publish(encoded.records());
        encoded.committed();
        LOG.debug("Published {} observations", publications.size());
        metrics.published(publications.size());
        metrics.deadLettered(encoded.records().stream()
            .filter(record -> record.topic().equals(config.kafka().topics().deadLetter())).count());
        return true;
      } catch (LeaseLost e) {
        LOG.warn("Not leading any more: {} observations left to the next leader ({})", publications.size(),
            e.getMessage());
        abandoned = true;
        throw e;
      } catch (RecordRefusedAsTooLarge e) {
        // The topic's limit is lower than read (changed since): learn it, and encode again at once.
        LOG.warn("{}; reading the topics' limits again", e.getMessage());
        publisher.reset();
        encoder = encoder.withLimits(limitsBelow(e.topic(), e.size()));
      } catch (KafkaException e) {
        if (isFatal(e)) {
          throw new FatalKafkaError(e);
        }
        if (abandoned) {
          throw new LeaseLost("leadership was given up while a transaction failed: " + e);
        }
        LOG.warn("Publishing {} observations failed, retrying in {} ms: {}", publications.size(),
            backoff.next().toMillis(), e.toString());
        metrics.publishFailed();
        publisher.reset();
        if (closing) {
          LOG.warn("Closing with {} observations unpublished; the next start publishes the differences",
              publications.size());
          return false;
        }
        backoff.sleep();
      }
    }
  }

  /**
   * The queue overflowed while Kafka was away, and what it held is now published: the aggregates
   * are exactly what was published, so a new list, compared with them, publishes every change the
   * overflow skipped (each object's latest version, and deletions), as a restart would.
   */
  private void listAgain() {
    LOG.warn("Listing the cluster again: the queue overflowed while Kafka was away");
    metrics.relisted();
    aggregates.expectRelist();
    synced = false;
    observing.listAgain();
  }

  /**
   * Errors no retry can mend. Fencing in particular: another watcher with the same transactional
   * id took over, and starting a new producer would fence it in turn, so both would publish.
   */
  private static boolean isFatal(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException
          || cause instanceof AuthorizationException || cause instanceof UnsupportedVersionException) {
        return true;
      }
    }
    return false;
  }

  /** Carries a fatal Kafka error out of the publishing loop. */
  private static final class FatalKafkaError extends RuntimeException {
    FatalKafkaError(KafkaException cause) {
      super(cause);
    }
  }
}
