package io.cronlog.watcher.publish;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * A transaction failed because {@code topic} refused a record of {@code size} bytes (key and
 * value): the limit read for it was too high. Not worth a backoff: encode again below that size.
 */
public final class RecordRefusedAsTooLarge extends KafkaException {

  private final String topic;
  private final int size;

  public RecordRefusedAsTooLarge(String topic, int size, RecordTooLargeException cause) {
    super(topic + " refused a record of " + size + " bytes as too large", cause);
    this.topic = topic;
    this.size = size;
  }

  public String topic() {
    return topic;
  }

  public int size() {
    return size;
  }
}
