package io.cronlog.watcher.publish;

import io.cronlog.runtime.topics.TopicSettings;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The largest record each topic takes. The broker refuses a batch over the topic's {@code
 * max.message.bytes}, and inside a transaction one refused record dooms the whole transaction, so
 * records are measured before they are sent. A limit learnt too high (the topic's config changed
 * since it was read) is lowered when the broker refuses a record. Not thread safe: owned by the
 * publishing thread.
 */
public final class RecordSizeLimits {

  /**
   * Room for a batch's header (61 bytes) and one record's (at most 21) around its key and value.
   */
  static final int OVERHEAD = 128;

  /** The producer's own cap on a request; above every topic's limit, so the topics' limits rule. */
  public static final int MAX_REQUEST_SIZE =
      TopicSettings.DEAD_LETTER_MAX_MESSAGE_BYTES + 64 * 1024;

  private final Map<String, Integer> maxRecordBytes;

  private RecordSizeLimits(Map<String, Integer> maxMessageBytes) {
    this.maxRecordBytes = new HashMap<>();
    maxMessageBytes.forEach(
        (topic, max) -> maxRecordBytes.put(topic, Math.min(max, MAX_REQUEST_SIZE) - OVERHEAD));
  }

  /** The limits given each topic's {@code max.message.bytes}. */
  public static RecordSizeLimits of(Map<String, Integer> maxMessageBytes) {
    return new RecordSizeLimits(maxMessageBytes);
  }

  /**
   * Reads each topic's effective {@code max.message.bytes} (its own, or the broker's default).
   *
   * @throws KafkaException when Kafka did not answer
   */
  public static RecordSizeLimits read(Admin admin, Collection<String> topics)
      throws InterruptedException {
    List<ConfigResource> resources =
        topics.stream().map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
    Map<ConfigResource, Config> configs;
    try {
      configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaException("no answer describing " + topics + " within 30 s", e);
    }
    Map<String, Integer> maxMessageBytes = new HashMap<>();
    configs.forEach(
        (resource, config) ->
            maxMessageBytes.put(
                resource.name(),
                Integer.parseInt(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())));
    return new RecordSizeLimits(maxMessageBytes);
  }

  /** The most bytes of key and value a record of {@code topic} may have. */
  public int limit(String topic) {
    Integer limit = maxRecordBytes.get(topic);
    if (limit == null) {
      throw new IllegalArgumentException("no size limit known for topic " + topic);
    }
    return limit;
  }

  /** True if {@code topic} takes a record of {@code keyAndValueBytes}. */
  public boolean fits(String topic, int keyAndValueBytes) {
    return keyAndValueBytes <= limit(topic);
  }

  /** {@code topic} refused a record of {@code refusedSize}: take only smaller ones from now on. */
  public void lowerBelow(String topic, int refusedSize) {
    maxRecordBytes.merge(topic, refusedSize - 1, Math::min);
  }

  @Override
  public String toString() {
    return "RecordSizeLimits" + maxRecordBytes;
  }
}
