package io.cronlog.watcher;

import io.cronlog.records.codec.RecordCodec;
import io.cronlog.records.topics.TopicBootstrap;
import io.cronlog.watcher.aggregate.Aggregates;
import io.cronlog.watcher.aggregate.Publication;
import io.cronlog.watcher.observe.ClusterObserver;
import io.cronlog.watcher.observe.Observation;
import io.cronlog.watcher.publish.StateTopicReader;
import io.cronlog.watcher.publish.TransactionalPublisher;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher: streams every observed change of ScheduledJobs and their Jobs into
 * {@code cronlog.events} and {@code cronlog.state}. At start it reads back the last published
 * state, so that only real differences are published, and what vanished meanwhile is published
 * as deleted. One thread (the publisher) owns the aggregates and the producer.
 */
public final class Watcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final WatcherConfig config;
  private final Clock clock;
  private final RecordCodec codec = new RecordCodec();
  private final Aggregates aggregates = new Aggregates();
  private final BlockingQueue<Observation> queue;
  private final ClusterObserver observer;
  private final TransactionalPublisher publisher;
  private final Thread publisherThread;
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private volatile boolean closed;
  private volatile boolean failed;

  public Watcher(KubernetesClient client, WatcherConfig config, Clock clock) {
    this.client = client;
    this.config = config;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.observer = new ClusterObserver(client, config.namespaces(), queue, clock);
    this.publisher = new TransactionalPublisher(config.kafka().clientProperties(), config.transactionalId(),
        config.kafka().topics(), codec);
    this.publisherThread = new Thread(this::publishLoop, "cronlog-watcher-publisher");
  }

  /** Creates missing topics, reads back the last published state, then watches and publishes. */
  public void start() throws InterruptedException, ExecutionException {
    LOG.info("Starting the watcher: {}", config);
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicBootstrap(admin, config.kafka().topics(), config.kafka().topicSettings()).ensureTopics();
    }
    var lastPublished = new StateTopicReader(config.kafka().clientProperties(), config.kafka().topics().state(),
        codec).readAll();
    aggregates.seed(lastPublished.values());
    publisher.open();
    publisherThread.start();
    observer.start();
  }

  /** Completes when publishing ends: normally after {@link #close()}, exceptionally on a fatal error. */
  public CompletableFuture<Void> termination() {
    return termination;
  }

  /** False once the watcher stopped for good (closed, or a fatal Kafka error such as being fenced). */
  public boolean isRunning() {
    return !closed && !failed && publisherThread.isAlive();
  }

  private void publishLoop() {
    try {
      // After close() the informers are stopped; what they queued before is still published.
      while (!closed || !queue.isEmpty()) {
        Observation first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Observation> batch = new ArrayList<>();
        batch.add(first);
        queue.drainTo(batch, config.maxRecordsPerTransaction() - 1);
        List<Publication> publications = new ArrayList<>();
        batch.forEach(observation -> publications.addAll(aggregates.apply(observation)));
        if (!publications.isEmpty()) {
          publishUntilDone(publications);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (FatalKafkaError e) {
      failed = true;
      LOG.error("The watcher stops: Kafka refused it for good", e.getCause());
      observer.close();
    } finally {
      publisher.close();
      if (failed) {
        termination.completeExceptionally(new IllegalStateException("the watcher stopped on a fatal Kafka error"));
      } else {
        termination.complete(null);
      }
    }
  }

  /** Retries one batch, in order, until it is published: nothing observed is ever dropped. */
  private void publishUntilDone(List<Publication> publications) throws InterruptedException {
    Duration backoff = Duration.ofMillis(100);
    while (true) {
      try {
        publisher.publish(publications);
        LOG.debug("Published {} observations", publications.size());
        return;
      } catch (KafkaException e) {
        if (isFatal(e)) {
          throw new FatalKafkaError(e);
        }
        LOG.warn("Publishing {} observations failed, retrying in {} ms: {}", publications.size(),
            backoff.toMillis(), e.toString());
        publisher.reset();
        if (closed) {
          LOG.warn("Closing with {} observations unpublished; the next start publishes the differences",
              publications.size());
          throw new InterruptedException("closed while Kafka was unavailable");
        }
        Thread.sleep(backoff.toMillis());
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    }
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

  /** Stops watching, then publishing; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    observer.close();
    try {
      publisherThread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("The watcher stopped");
  }
}
