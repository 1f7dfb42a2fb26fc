package io.cronlog.watcher.publish;

import io.cronlog.records.codec.RecordCodec;
import io.cronlog.records.topics.Topics;
import io.cronlog.watcher.aggregate.Publication;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes each batch of events and states in one Kafka transaction: an observation and the
 * state it leads to are both visible, or neither is. Opened by the starting thread, then used by
 * the publishing thread alone (the thread start orders the two); {@link #abort()} alone may come
 * from another thread, when leadership is lost.
 */
public final class TransactionalPublisher implements AutoCloseable {

  private final Map<String, Object> clientProperties;
  private final String transactionalId;
  private final Topics topics;
  private final RecordCodec codec;
  /** Volatile for abort(), which closes it from the thread that learnt leadership was lost. */
  private volatile Producer<String, byte[]> producer;
  private volatile boolean aborted;

  public TransactionalPublisher(Map<String, Object> clientProperties, String transactionalId, Topics topics,
      RecordCodec codec) {
    this.clientProperties = Map.copyOf(clientProperties);
    this.transactionalId = transactionalId;
    this.topics = topics;
    this.codec = codec;
  }

  /**
   * Starts the producer and registers its transactional id, which fences any older watcher using
   * it: the watcher started last is the one that publishes.
   */
  public void open() {
    if (aborted) {
      throw new IllegalStateException("aborted: leadership was lost");
    }
    if (producer == null) {
      producer = newProducer();
    }
  }

  /** Publishes {@code batch} atomically; throws the Kafka error if the transaction did not commit. */
  public void publish(List<Publication> batch) {
    open();
    producer.beginTransaction();
    for (Publication publication : batch) {
      String key = publication.key().toString();
      producer.send(new ProducerRecord<>(topics.events(), key, codec.encode(publication.event())));
      if (publication.writesState()) {
        byte[] state = publication.tombstone() ? null : codec.encode(publication.state());
        producer.send(new ProducerRecord<>(topics.state(), key, state));
      }
    }
    producer.commitTransaction();
  }

  /**
   * Drops the producer after a failed transaction; the next publish starts a new one under the
   * same transactional id, which aborts whatever the old one left open.
   */
  public void reset() {
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(5));
      producer = null;
    }
  }

  /**
   * Closes the producer at once, from any thread: an open transaction is never committed and is
   * aborted by the broker (or by the next leader's producer), and this publisher opens no other.
   */
  public void abort() {
    aborted = true;
    Producer<String, byte[]> current = producer;
    if (current != null) {
      current.close(java.time.Duration.ZERO);
    }
  }

  @Override
  public void close() {
    reset();
  }

  private Producer<String, byte[]> newProducer() {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // Stable across restarts: a new watcher fences any older one still running with this id.
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    // A batch stuck behind a restarted broker (e.g. an OutOfOrderSequence the producer keeps
    // retrying) fails after 30 s instead of 120 s; the watcher then retries it with a new producer,
    // in order. Observations wait in the queue meanwhile.
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    KafkaProducer<String, byte[]> created = new KafkaProducer<>(props);
    created.initTransactions();
    return created;
  }
}
