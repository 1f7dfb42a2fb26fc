package io.cronlog.watcher.publish;

import io.cronlog.watcher.lead.LeaseLost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each batch of records (events, states, and what goes with them) in one Kafka
 * transaction: an observation and the state it leads to are both visible, or neither is. Opened and
 * used by one thread at a time (the term's starting thread, then its publishing thread: the thread
 * start orders the two); {@link #abort()} alone may come from another thread, when leadership is
 * lost. At most one producer is open at a time: one that failed is closed before the next is made.
 */
public final class TransactionalPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TransactionalPublisher.class);

  private final Supplier<Producer<String, byte[]>> producers;
  private final OpenProducers openProducers;
  private final BooleanSupplier holdsLease;

  /**
   * Guarded by this: the producer in use, set before its initTransactions so that abort() can close
   * it.
   */
  private Opened current;

  /** Guarded by this: set by abort(); no producer is opened after it. */
  private boolean aborted;

  /**
   * @param producers makes a transactional producer, not yet initialized ({@link #kafkaProducers})
   * @param holdsLease asked right before each commit: false aborts the transaction instead
   */
  public TransactionalPublisher(
      Supplier<Producer<String, byte[]>> producers,
      OpenProducers openProducers,
      BooleanSupplier holdsLease) {
    this.producers = producers;
    this.openProducers = openProducers;
    this.holdsLease = holdsLease;
  }

  /**
   * Starts the producer and registers its transactional id, which fences any older watcher using
   * it: the watcher started last is the one that publishes. A producer whose initTransactions fails
   * (times out while Kafka is away) is closed before this throws, so a retry opens the only one.
   */
  public void open() throws LeaseLost {
    Opened opening;
    synchronized (this) {
      if (aborted) {
        throw new LeaseLost("leadership was given up: no producer is opened any more");
      }
      if (current != null) {
        return;
      }
      opening = new Opened(producers.get(), openProducers);
      current = opening;
    }
    try {
      opening.producer().initTransactions();
    } catch (RuntimeException e) {
      discard(opening);
      if (isAborted()) {
        throw new LeaseLost("leadership was given up while the producer started");
      }
      throw e;
    }
  }

  /**
   * Publishes {@code records} atomically; throws the Kafka error if the transaction did not commit,
   * as a {@link RecordRefusedAsTooLarge} if a record was refused for its size, and {@link
   * LeaseLost} (the transaction aborted) if the lease is not surely held when it would commit.
   */
  public void publish(List<Outgoing> records) throws LeaseLost {
    open();
    Producer<String, byte[]> producer = inUse();
    producer.beginTransaction();
    List<Sent> sent = new ArrayList<>(records.size());
    try {
      for (Outgoing record : records) {
        sent.add(
            new Sent(
                record,
                producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value()))));
      }
      // Every record acknowledged first, however long Kafka takes (an outage can take the
      // lease away meanwhile): what follows the lease check is only the short end-of-transaction.
      producer.flush();
      if (!holdsLease.getAsBoolean()) {
        abortTransaction(producer);
        throw new LeaseLost(
            "the lease was not surely held any more when "
                + records.size()
                + " records were to be committed; their transaction was aborted");
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

  /**
   * Aborts the open transaction; if Kafka cannot be told, drops the producer (the next one's start
   * aborts it).
   */
  private void abortTransaction(Producer<String, byte[]> producer) {
    try {
      producer.abortTransaction();
    } catch (KafkaException | IllegalStateException e) {
      LOG.warn(
          "Aborting a transaction after the lease was lost failed, closing its producer: {}",
          e.toString());
      reset();
    }
  }

  private synchronized Producer<String, byte[]> inUse() throws LeaseLost {
    if (current == null) {
      throw new LeaseLost("leadership was given up: the producer was closed");
    }
    return current.producer();
  }

  private synchronized boolean isAborted() {
    return aborted;
  }

  /**
   * The first record the producer or the broker refused for its size, if that is why the commit
   * failed.
   */
  private static Optional<RecordRefusedAsTooLarge> refusedAsTooLarge(List<Sent> sent) {
    for (Sent one : sent) {
      if (!one.result().isDone()) {
        continue;
      }
      try {
        one.result().get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RecordTooLargeException tooLarge) {
          return Optional.of(
              new RecordRefusedAsTooLarge(one.record().topic(), one.record().size(), tooLarge));
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
   * Closes the producer after a failed transaction, at once: nothing of that transaction is worth
   * sending, and the next publish starts a new producer under the same transactional id, which
   * aborts whatever the old one left open.
   */
  public void reset() {
    Opened closing;
    synchronized (this) {
      closing = current;
      current = null;
    }
    if (closing != null) {
      closing.close();
    }
  }

  /**
   * Closes the producer at once, from any thread, even one still in initTransactions: an open
   * transaction is never committed and is aborted by the broker (or by the next leader's producer),
   * and this publisher opens no other.
   */
  public void abort() {
    synchronized (this) {
      aborted = true;
    }
    reset();
  }

  @Override
  public void close() {
    reset();
  }

  private void discard(Opened failed) {
    synchronized (this) {
      if (current == failed) {
        current = null;
      }
    }
    failed.close();
  }

  /** One producer, counted open from its creation until its first close. */
  private static final class Opened {
    private final Producer<String, byte[]> producer;
    private final OpenProducers count;
    private final AtomicBoolean closed = new AtomicBoolean();

    Opened(Producer<String, byte[]> producer, OpenProducers count) {
      this.producer = producer;
      this.count = count;
      count.opened();
    }

    Producer<String, byte[]> producer() {
      return producer;
    }

    void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      try {
        producer.close(Duration.ZERO);
      } finally {
        count.closed();
      }
    }
  }

  /**
   * Kafka producers under {@code transactionalId}, each waiting at most {@code timeout} for Kafka
   * in any one call (initTransactions, a send, the commit) and for a record's delivery.
   */
  public static Supplier<Producer<String, byte[]>> kafkaProducers(
      Map<String, Object> clientProperties, String transactionalId, Duration timeout) {
    Map<String, Object> base = Map.copyOf(clientProperties);
    return () -> {
      Properties props = new Properties();
      props.putAll(base);
      props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      // Stable across restarts: a new watcher fences any older one still running with this id.
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      // A batch stuck behind a restarted broker (e.g. an OutOfOrderSequence the producer keeps
      // retrying) fails after the timeout instead of 120 s; the watcher then retries it with a new
      // producer, in order. Observations wait in the queue meanwhile.
      int timeoutMs = Math.toIntExact(timeout.toMillis());
      props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
      // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
      props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, timeoutMs / 2));
      props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
      // The topics' limits rule, measured before sending (RecordSizeLimits), not the producer's 1
      // MiB.
      props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, RecordSizeLimits.MAX_REQUEST_SIZE);
      return new KafkaProducer<>(props);
    };
  }
}
