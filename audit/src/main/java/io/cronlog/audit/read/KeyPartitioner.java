package io.cronlog.audit.read;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * The partition a record keyed {@code namespace/name} was written to, as Kafka's producer chose it:
 * every cronlog service writes with the default partitioner and a String key.
 */
public final class KeyPartitioner {

  private KeyPartitioner() {}

  /** The partition of {@code key} on a topic of {@code partitionCount} partitions. */
  public static int partitionOf(String key, int partitionCount) {
    if (partitionCount < 1) {
      throw new IllegalArgumentException(
          "a topic has at least one partition, not " + partitionCount);
    }
    // The producer's own function (murmur2 of the serialized key), not a copy that could drift;
    // StringSerializer writes UTF-8.
    return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitionCount);
  }
}
