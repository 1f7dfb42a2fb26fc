package io.cronlog.faults.judge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands the executors have not yet carried out: the executors' group commits a partition's
 * offset only once every command before it was acted on and its outcome written, so the commands
 * between the committed offset and the end offset (read committed) are not finished. A window is
 * judged once the commands written by its end are finished, or it cannot wait longer.
 */
public final class CommandBacklog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CommandBacklog.class);
  private static final Duration LOOK_EVERY = Duration.ofSeconds(5);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(30);

  private final Admin admin;
  private final String topic;
  private final String group;

  public CommandBacklog(String bootstrapServers, String topic, String group) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    this.topic = topic;
    this.group = group;
  }

  /**
   * Waits until the group has committed, in every partition, at least the end offset the topic has
   * now, or {@code atMost} passed.
   *
   * @return the commands left unfinished per partition: empty when everything was finished in time
   */
  public Map<Integer, Long> awaitFinished(Duration atMost) throws InterruptedException {
    Map<TopicPartition, Long> ends = ends();
    Instant began = Instant.now();
    Instant deadline = began.plus(atMost);
    Instant lastReport = began;
    while (true) {
      Map<Integer, Long> left = left(ends, committed());
      if (left.isEmpty()) {
        LOG.info(
            "The executors finished the commands written by {} in {} s",
            began,
            Duration.between(began, Instant.now()).toSeconds());
        return left;
      }
      Instant now = Instant.now();
      if (!now.isBefore(deadline)) {
        LOG.warn(
            "After {} the executors still have commands to finish, per partition of {}: {}",
            atMost,
            topic,
            left);
        return left;
      }
      if (Duration.between(lastReport, now).compareTo(REPORT_EVERY) >= 0) {
        LOG.info(
            "Waiting for the executors to finish their commands, per partition of {}: {}",
            topic,
            left);
        lastReport = now;
      }
      Thread.sleep(LOOK_EVERY.toMillis());
    }
  }

  /**
   * Per partition, how many commands up to {@code ends} the group has not committed; only those
   * behind.
   */
  static Map<Integer, Long> left(
      Map<TopicPartition, Long> ends, Map<TopicPartition, Long> committed) {
    return ends.entrySet().stream()
        .filter(e -> committed.getOrDefault(e.getKey(), 0L) < e.getValue())
        .collect(
            Collectors.toMap(
                e -> e.getKey().partition(),
                e -> e.getValue() - committed.getOrDefault(e.getKey(), 0L),
                (a, b) -> a,
                TreeMap::new));
  }

  private Map<TopicPartition, Long> ends() throws InterruptedException {
    try {
      var partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
      Map<TopicPartition, OffsetSpec> latest =
          partitions.stream()
              .collect(
                  Collectors.toMap(
                      p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
      return admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get()
          .entrySet()
          .stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (ExecutionException e) {
      throw new KafkaException("cannot read the end offsets of " + topic, e.getCause());
    }
  }

  private Map<TopicPartition, Long> committed() throws InterruptedException {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream()
          .filter(e -> e.getValue() != null)
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (ExecutionException e) {
      throw new KafkaException("cannot read the committed offsets of group " + group, e.getCause());
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
