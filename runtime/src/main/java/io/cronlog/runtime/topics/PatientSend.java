package io.cronlog.runtime.topics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Hands a record to a producer until the producer takes it. {@code send()} refuses a record at once
 * when the topic's metadata does not come within {@code max.block.ms} or its buffer stays full (a
 * broker that is away): KafkaProducer says so through the callback, on the calling thread, and the
 * record was never taken, so offering it again can neither lose nor duplicate it. Once taken, a
 * record is the producer's to retry; with no {@code delivery.timeout.ms} deadline it is written
 * when the broker is back, in order and, the producer being idempotent, once.
 */
public final class PatientSend {

  private PatientSend() {}

  /**
   * Offers {@code record} until {@code producer} takes it; {@code callback} then hears how its
   * write ended. Blocks the calling thread meanwhile, so that what it sends next stays behind it.
   *
   * @param refused told of each refusal, to be reported
   * @return false if interrupted first (the record was not taken; the interrupt flag is set)
   */
  public static <K, V> boolean send(
      Producer<K, V> producer,
      ProducerRecord<K, V> record,
      Callback callback,
      Duration backoff,
      Consumer<RetriableException> refused) {
    while (true) {
      RetriableException refusal;
      try {
        refusal = offer(producer, record, callback);
      } catch (InterruptException e) {
        return false; // Kafka's unchecked InterruptedException; it set the interrupt flag again
      }
      if (refusal == null) {
        return true;
      }
      refused.accept(refusal);
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** One offer: null if taken, else why it was refused. */
  private static <K, V> RetriableException offer(
      Producer<K, V> producer, ProducerRecord<K, V> record, Callback callback) {
    Thread caller = Thread.currentThread();
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicReference<RetriableException> refusal = new AtomicReference<>();
    try {
      producer.send(
          record,
          (metadata, exception) -> {
            if (exception instanceof RetriableException retriable
                && sending.get()
                && Thread.currentThread() == caller) {
              refusal.set(retriable); // refused inside send(): not taken
            } else {
              callback.onCompletion(metadata, exception);
            }
          });
    } catch (RetriableException e) {
      refusal.set(e); // how a mock producer, or an older client, refuses
    } finally {
      sending.set(false);
    }
    return refusal.get();
  }
}
