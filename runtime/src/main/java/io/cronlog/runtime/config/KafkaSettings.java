package io.cronlog.runtime.config;

import io.cronlog.runtime.topics.TopicSettings;
import io.cronlog.runtime.topics.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where Kafka is, how to connect to it, and how cronlog's topics are named and made; the same for
 * every service.
 */
public record KafkaSettings(
    String bootstrapServers, Topics topics, TopicSettings topicSettings, KafkaSecurity security) {

  public static final String BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
  public static final String TOPIC_PREFIX = "CRONLOG_TOPIC_PREFIX";
  public static final String PARTITIONS = "CRONLOG_PARTITIONS";
  public static final String REPLICATION_FACTOR = "CRONLOG_REPLICATION_FACTOR";

  /** Reads the settings from the environment, and the secret files the security keys name. */
  public static KafkaSettings from(Env env) {
    int replication = env.integer(REPLICATION_FACTOR, 1, 1);
    if (replication > Short.MAX_VALUE) {
      throw new IllegalArgumentException(REPLICATION_FACTOR + " is too large: " + replication);
    }
    return new KafkaSettings(
        env.required(BOOTSTRAP_SERVERS),
        new Topics(env.string(TOPIC_PREFIX, Topics.DEFAULT_PREFIX)),
        new TopicSettings(
            env.integer(PARTITIONS, 6, 1),
            (short) replication,
            TopicSettings.DEFAULT_TRAIL_RETENTION_MS),
        KafkaSecurity.from(env));
  }

  /**
   * The client properties every cronlog client starts from, producers, consumers and Admin clients
   * alike: the brokers and the security settings, secrets included. Never log this map; Kafka's own
   * config dump masks the secrets in it, and {@link #toString()} shows none.
   */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>(security.clientProperties());
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return Map.copyOf(props);
  }
}
