package io.cronlog.scheduler;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.codec.RecordCodec;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes a decision's commands, in order, and waits until Kafka has them all. */
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
    // A decision waits for its commands; do not hold them back to fill a batch.
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return new KafkaProducer<>(props);
  }

  /** Publishes {@code commands} under {@code key}; returns once all are acknowledged. */
  public void publish(String key, List<CommandRecord> commands) throws InterruptedException, ExecutionException {
    List<Future<RecordMetadata>> sent = commands.stream()
        .map(command -> producer.send(new ProducerRecord<>(topic, key, codec.encode(command)))).toList();
    for (Future<RecordMetadata> future : sent) {
      future.get();
    }
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
