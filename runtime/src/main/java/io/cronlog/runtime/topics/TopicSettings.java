package io.cronlog.runtime.topics;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/** How cronlog's topics are created: partitions, replication, and each topic's cleanup policy. */
public record TopicSettings(int partitions, short replicationFactor, long trailRetentionMs) {

  /**
   * Thirty days: the audit trail outlives any investigation that starts within a month. Every topic
   * of the trail keeps it (events, commands, outcomes, dead letters): an audit that reads an event
   * whose command is gone would call its Job unexplained.
   */
  public static final long DEFAULT_TRAIL_RETENTION_MS = 30L * 24 * 3600 * 1000;

  /**
   * The largest dead letter the dead-letter topic takes: room for a whole Kubernetes object (etcd
   * stores at most 1.5 MiB) escaped into a dead letter's payload, so that a record refused
   * elsewhere for its size is kept whole there.
   */
  public static final int DEAD_LETTER_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  public TopicSettings {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "replication factor must be at least 1, was " + replicationFactor);
    }
  }

  /** The topic-level configs of {@code topic}. */
  public Map<String, String> configsFor(Topics topics, String topic) {
    if (topic.equals(topics.state())) {
      return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
    if (topic.equals(topics.deadLetter())) {
      return Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG,
          TopicConfig.CLEANUP_POLICY_DELETE,
          TopicConfig.RETENTION_MS_CONFIG,
          Long.toString(trailRetentionMs),
          TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
          Integer.toString(DEAD_LETTER_MAX_MESSAGE_BYTES));
    }
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG,
        TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG,
        Long.toString(trailRetentionMs));
  }
}
