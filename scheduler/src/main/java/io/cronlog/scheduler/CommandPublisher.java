package io.cronlog.scheduler;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.codec.RecordCodec;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes decisions' commands without waiting: one ScheduledJob's commands keep their order
 * because they share a key (so a partition) and the producer is idempotent; the caller learns of
 * the acknowledgement, or the failure, through the returned future.
 */
public final class CommandPublisher implements AutoCloseable {

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final RecordCodec codec;

  public CommandPublisher(Producer<String, byte[]> producer, String topic, RecordCodec codec) {
    this.producer = producer;
    this.topic = topic;
    this.codec = codec;
  }

  /** The producer for commands: idempotent, so a retried send never duplicates or reorders. */
  public static Producer<String, byte[]> newProducer(Map<String, Object> clientProperties) {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    // Nothing waits on a send, so many ScheduledJobs due in the same second share a few batches;
    // a short linger bounds what that adds to a run's delay.
    props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    return new KafkaProducer<>(props);
  }

  /**
   * Sends {@code commands} under {@code key}, in order; the future completes once Kafka has them
   * all, or fails with the first failure. Completes on the producer's I/O thread.
   */
  public CompletableFuture<Void> publish(String key, List<CommandRecord> commands) {
    List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>(commands.size());
    for (CommandRecord command : commands) {
      CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
      try {
        producer.send(new ProducerRecord<>(topic, key, codec.encode(command)), (metadata, failure) -> {
          if (failure == null) {
            acked.complete(metadata);
          } else {
            acked.completeExceptionally(failure);
          }
        });
      } catch (KafkaException e) {
        acked.completeExceptionally(e);
      }
      sent.add(acked);
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  /** Waits until every command sent so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  /** The underlying producer, for the dead-letter records of the same service. */
  Producer<String, byte[]> producer() {
    return producer;
  }

  @Override
  public void close() {
    producer.close();
  }
}
