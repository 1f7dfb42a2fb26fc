package io.cronlog.watcher;

import io.cronlog.records.DeadLetter;
import io.cronlog.runtime.errors.Backoff;
import io.cronlog.runtime.errors.KafkaErrors;
import io.cronlog.runtime.topics.Topics;
import io.cronlog.watcher.aggregate.Aggregates;
import io.cronlog.watcher.lead.Leadership;
import io.cronlog.watcher.lead.LeaseLost;
import io.cronlog.watcher.publish.PublicationEncoder;
import io.cronlog.watcher.publish.StateTopicReader.LastPublished;
import io.cronlog.watcher.publish.TopicLimits;
import io.cronlog.watcher.publish.TransactionalPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of a term, tried again while Kafka is away: fences the previous leader, reads the
 * topics' limits and the last published state, dead-letters what no watcher wrote there, and seeds
 * the aggregates with what was published.
 */
final class TermStart {

  private static final Logger LOG = LoggerFactory.getLogger(TermStart.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final TransactionalPublisher publisher;
  private final TopicLimits limits;
  private final WatcherKafka kafka;
  private final Topics topics;
  private final WatcherMetrics metrics;
  private final Clock clock;

  TermStart(
      TransactionalPublisher publisher,
      TopicLimits limits,
      WatcherKafka kafka,
      Topics topics,
      WatcherMetrics metrics,
      Clock clock) {
    this.publisher = publisher;
    this.limits = limits;
    this.kafka = kafka;
    this.topics = topics;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Starts, retrying while Kafka fails, until started or until the term ends ({@code leadership}
   * lost or {@code closing}: empty). Returns the encoder the term publishes with.
   *
   * @throws LeaseLost when leadership was given up while starting
   * @throws KafkaException when Kafka refused the watcher for good
   */
  Optional<PublicationEncoder> run(
      Aggregates aggregates, Leadership leadership, BooleanSupplier closing)
      throws LeaseLost, InterruptedException {
    Backoff.Waits backoff = new Backoff(Duration.ofMillis(100), MAX_BACKOFF).waits();
    while (!leadership.isLost() && !closing.getAsBoolean()) {
      try {
        return Optional.of(once(aggregates));
      } catch (KafkaException e) {
        if (KafkaErrors.isFatal(e)) {
          throw e;
        }
        // Kafka away at the start of a term: keep the lease and try again; nothing is queued yet.
        // The producer is closed first, whichever step failed, so that the retry's is the only one.
        LOG.warn(
            "Starting a term failed, retrying in {} ms: {}",
            backoff.next().toMillis(),
            e.toString());
        publisher.reset();
        backoff.sleep();
      }
    }
    return Optional.empty();
  }

  /**
   * Opening the producer first matters: its initTransactions aborts what an older producer with the
   * id left open and refuses its later commits, so the state read next is final.
   */
  private PublicationEncoder once(Aggregates aggregates) throws LeaseLost, InterruptedException {
    publisher.open();
    PublicationEncoder encoder = new PublicationEncoder(kafka.codec(), topics, limits.read());
    LastPublished lastPublished = kafka.lastPublished().apply(clock.instant());
    deadLetter(lastPublished.untrusted(), encoder);
    aggregates.seed(lastPublished.states().values());
    return encoder;
  }

  /**
   * Sends what the state topic holds that no watcher wrote to the dead letters, before anything is
   * published. The scheduler dead-letters the same records under the same ids (they derive from
   * topic, partition and offset), and each term sends them again: readers keep one per id.
   */
  private void deadLetter(List<DeadLetter> untrusted, PublicationEncoder encoder) throws LeaseLost {
    if (untrusted.isEmpty()) {
      return;
    }
    publisher.publish(untrusted.stream().map(encoder::deadLetter).toList());
    metrics.deadLettered(untrusted.size());
    LOG.warn(
        "{} records on {} that no watcher wrote went to {}",
        untrusted.size(),
        topics.state(),
        topics.deadLetter());
  }
}
