package io.cronlog.watcher.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes each batch of records (events, states, and what goes with them) in one Kafka
 * transaction: an observation and the state it leads to are both visible, or neither is. Opened by the starting thread, then used by
 * the publishing thread alone (the thread start orders the two); {@link #abort()} alone may come
 * from another thread, when leadership is lost.
 */
public final class TransactionalPublisher implements AutoCloseable {

  private final Map<String, Object> clientProperties;
  private final String transactionalId;
  /** Volatile for abort(), which closes it from the thread that learnt leadership was lost. */
  private volatile Producer<String, byte[]> producer;
  private volatile boolean aborted;

  public TransactionalPublisher(Map<String, Object> clientProperties, String transactionalId) {
    this.clientProperties = Map.copyOf(clientProperties);
    this.transactionalId = transactionalId;
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

  /**
   * Publishes {@code records} atomically; throws the Kafka error if the transaction did not commit,
   * as a {@link RecordRefusedAsTooLarge} if a record was refused for its size.
   */
  public void publish(List<Outgoing> records) {
    open();
    producer.beginTransaction();
    List<Sent> sent = new ArrayList<>(records.size());
    try {
      for (Outgoing record : records) {
        sent.add(new Sent(record, producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value()))));
      }
      producer.commitTransaction();
    } catch (KafkaException e) {
      // After one refused send the producer refuses the next sends and the commit: find the first.
      Optional<RecordRefusedAsTooLarge> refused = refusedAsTooLarge(sent);
      if (refused.isPresent()) {
        throw refused.get();
      }
      throw e;
    }
  }

  /** The first record the producer or the broker refused for its size, if that is why the commit failed. */
  private static Optional<RecordRefusedAsTooLarge> refusedAsTooLarge(List<Sent> sent) {
    for (Sent one : sent) {
      if (!one.result().isDone()) {
        continue;
      }
      try {
        one.result().get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RecordTooLargeException tooLarge) {
          return Optional.of(new RecordRefusedAsTooLarge(one.record().topic(), one.record().size(), tooLarge));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private record Sent(Outgoing record, Future<RecordMetadata> result) {}

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
    // The topics' limits rule, measured before sending (RecordSizeLimits), not the producer's 1 MiB.
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, RecordSizeLimits.MAX_REQUEST_SIZE);
    KafkaProducer<String, byte[]> created = new KafkaProducer<>(props);
    created.initTransactions();
    return created;
  }
}
