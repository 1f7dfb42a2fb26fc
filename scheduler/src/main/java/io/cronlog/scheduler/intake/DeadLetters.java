package io.cronlog.scheduler.intake;

import io.cronlog.records.DeadLetter;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.scheduler.SchedulerMetrics;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the records the scheduler cannot trust to the dead-letter topic, with the reason, under the
 * same id as the executor's dead letter of the same record. Thread-safe.
 */
public final class DeadLetters {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final RecordCodec codec;
  private final Clock clock;
  private final SchedulerMetrics metrics;

  public DeadLetters(
      Producer<String, byte[]> producer,
      String topic,
      RecordCodec codec,
      Clock clock,
      SchedulerMetrics metrics) {
    this.producer = producer;
    this.topic = topic;
    this.codec = codec;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Sends {@code record} to the dead letters without waiting. A failed send is logged and counted,
   * not retried: the record stays on its own topic, and the next restore of its partition reads it
   * and dead-letters it again, under the same id, while it is still there.
   */
  public void send(ConsumerRecord<String, byte[]> record, String reason) {
    LOG.warn(
        "{}: untrusted record at {}-{}@{} goes to the dead-letter topic: {}",
        record.key(),
        record.topic(),
        record.partition(),
        record.offset(),
        reason);
    metrics.deadLettered();
    DeadLetter letter = DeadLetter.of(record, reason, clock.instant());
    producer.send(
        new ProducerRecord<>(topic, record.key(), codec.encode(letter)),
        (metadata, failure) -> {
          // On the producer's I/O thread: only log and count.
          if (failure != null) {
            metrics.deadLetterFailed();
            LOG.error(
                "{}: the dead letter of the record at {}-{}@{} was not written to {}",
                record.key(),
                record.topic(),
                record.partition(),
                record.offset(),
                topic,
                failure);
          }
        });
  }
}
