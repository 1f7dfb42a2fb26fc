package io.cronlog.executor.consume;

import io.cronlog.records.CommandOutcome;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.records.topics.Topics;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Writes outcomes to {@code cronlog.outcomes} and dead letters to {@code cronlog.dead-letter}.
 * {@link #flush()} waits for every record sent so far and fails if any was lost, so offsets are
 * committed only behind written outcomes.
 */
public final class OutcomeWriter {

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final RecordCodec codec;
  /** The first send that failed since the last flush; set by producer callbacks. */
  private final AtomicReference<Exception> failed = new AtomicReference<>();

  public OutcomeWriter(Producer<String, byte[]> producer, Topics topics, RecordCodec codec) {
    this.producer = producer;
    this.topics = topics;
    this.codec = codec;
  }

  /** Sends an outcome, keyed {@code namespace/name} like the command it answers. */
  public void outcome(CommandOutcome outcome) {
    send(new ProducerRecord<>(topics.outcomes(), outcome.target().key().toString(), codec.encode(outcome)));
  }

  /** Sends a dead letter, keyed as the record it holds was. */
  public void deadLetter(DeadLetter letter) {
    send(new ProducerRecord<>(topics.deadLetter(), letter.key(), codec.encode(letter)));
  }

  /** Waits until everything sent is written; throws if anything was not. */
  public void flush() {
    producer.flush();
    Exception cause = failed.getAndSet(null);
    if (cause != null) {
      throw new KafkaException("an outcome or dead letter could not be written", cause);
    }
  }

  private void send(ProducerRecord<String, byte[]> record) {
    producer.send(record, (metadata, exception) -> {
      if (exception != null) {
        failed.compareAndSet(null, exception);
      }
    });
  }
}
