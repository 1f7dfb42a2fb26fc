package io.cronlog.watcher.publish;

import io.cronlog.runtime.errors.Backoff;
import io.cronlog.runtime.errors.KafkaErrors;
import io.cronlog.watcher.WatcherMetrics;
import io.cronlog.watcher.aggregate.Publication;
import io.cronlog.watcher.lead.Leadership;
import io.cronlog.watcher.lead.LeaseLost;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one batch of publications in one transaction, retried in order until it commits, so
 * that nothing observed is ever dropped; the lease is checked before every try. Owned by the
 * publishing thread.
 */
public final class BatchPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(BatchPublisher.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final TransactionalPublisher publisher;
  private final TopicLimits limits;
  private final Leadership leadership;
  private final WatcherMetrics metrics;

  /**
   * Replaced when a topic refuses a record: what the refusal taught holds for the rest of the term.
   */
  private PublicationEncoder encoder;

  public BatchPublisher(
      TransactionalPublisher publisher,
      PublicationEncoder encoder,
      TopicLimits limits,
      Leadership leadership,
      WatcherMetrics metrics) {
    this.publisher = publisher;
    this.encoder = encoder;
    this.limits = limits;
    this.leadership = leadership;
    this.metrics = metrics;
  }

  /**
   * Publishes {@code publications}, retrying with backoff while Kafka fails. False when the term
   * closes ({@code closing}) while Kafka is away: the batch is left unpublished, and the next start
   * publishes the differences.
   *
   * @throws LeaseLost when the lease is not surely held before a try or when it would commit
   * @throws FatalKafkaError when Kafka refused the watcher for good
   */
  public boolean publish(List<Publication> publications, BooleanSupplier closing)
      throws LeaseLost, InterruptedException {
    Backoff.Waits backoff = new Backoff(Duration.ofMillis(100), MAX_BACKOFF).waits();
    while (true) {
      try {
        // Checked here, and again by the publisher right before it commits: however long Kafka
        // held up the transaction, a leader that cannot renew never commits.
        leadership.check();
        PublicationEncoder.Encoded encoded = encoder.encode(publications);
        publisher.publish(encoded.records());
        encoded.committed();
        LOG.debug("Published {} observations", publications.size());
        metrics.published(publications.size());
        metrics.deadLettered(encoded.deadLetters());
        return true;
      } catch (LeaseLost e) {
        LOG.warn(
            "Not leading any more: {} observations left to the next leader ({})",
            publications.size(),
            e.getMessage());
        leadership.giveUp();
        throw e;
      } catch (RecordRefusedAsTooLarge e) {
        // The topic's limit is lower than read (changed since): learn it, and encode again at once.
        LOG.warn("{}; reading the topics' limits again", e.getMessage());
        publisher.reset();
        encoder = encoder.withLimits(limits.below(encoder.limits(), e.topic(), e.size()));
      } catch (KafkaException e) {
        if (KafkaErrors.isFatal(e)) {
          throw new FatalKafkaError(e);
        }
        if (leadership.isLost()) {
          // abandon() closed the producer under the transaction: the failure is the end of the
          // term.
          throw new LeaseLost("leadership was given up while a transaction failed: " + e);
        }
        LOG.warn(
            "Publishing {} observations failed, retrying in {} ms: {}",
            publications.size(),
            backoff.next().toMillis(),
            e.toString());
        metrics.publishFailed();
        publisher.reset();
        if (closing.getAsBoolean()) {
          LOG.warn(
              "Closing with {} observations unpublished; the next start publishes the differences",
              publications.size());
          return false;
        }
        backoff.sleep();
      }
    }
  }
}
