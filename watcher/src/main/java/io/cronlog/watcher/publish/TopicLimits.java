package io.cronlog.watcher.publish;

import io.cronlog.runtime.topics.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The size limits of the topics a watcher writes: read once per term, and read again when a topic
 * refuses a record as too large (its limit changed since).
 */
public final class TopicLimits {

  private static final Logger LOG = LoggerFactory.getLogger(TopicLimits.class);

  /** Reads each topic's limit; throws a {@link KafkaException} when Kafka does not answer. */
  @FunctionalInterface
  public interface Reader {
    RecordSizeLimits read() throws InterruptedException;
  }

  private final Reader reader;
  private final Topics topics;

  public TopicLimits(Reader reader, Topics topics) {
    this.reader = reader;
    this.topics = topics;
  }

  /**
   * Reads the limits of the topics a watcher writes, with an Admin client made for the one read.
   */
  public static Reader fromKafka(Map<String, Object> clientProperties, Topics topics) {
    Map<String, Object> properties = Map.copyOf(clientProperties);
    return () -> {
      try (Admin admin = Admin.create(properties)) {
        return RecordSizeLimits.read(
            admin,
            List.of(topics.events(), topics.state(), topics.commands(), topics.deadLetter()));
      }
    };
  }

  /**
   * The topics' limits as Kafka has them now; throws a {@link KafkaException} when it does not
   * answer.
   */
  public RecordSizeLimits read() throws InterruptedException {
    RecordSizeLimits limits = reader.read();
    LOG.info("Records larger than these go to {}: {}", topics.deadLetter(), limits);
    return limits;
  }

  /**
   * The topics' limits read again (those {@code known} if Kafka does not answer: the refusal alone
   * is worth learning), and {@code topic}'s at most what it just refused.
   */
  public RecordSizeLimits below(RecordSizeLimits known, String topic, int refusedSize)
      throws InterruptedException {
    RecordSizeLimits limits;
    try {
      limits = read();
    } catch (KafkaException e) {
      LOG.warn("Reading the topics' limits failed, keeping those known: {}", e.toString());
      limits = known;
    }
    limits.lowerBelow(topic, refusedSize);
    return limits;
  }
}
