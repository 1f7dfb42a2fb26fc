package io.cronlog.cli.status;

import io.cronlog.audit.read.KafkaConnection;
import io.cronlog.audit.read.TrailReader;
import io.cronlog.audit.read.TrailUnavailableException;
import io.cronlog.records.CommandOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * What Kafka says of the running system: the groups and their members, the commands' lag, the
 * recent runs.
 */
final class KafkaStatus implements AutoCloseable {

  /** How long one answer of Kafka may take before the command says it does not answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final KafkaConnection connection;
  private final Admin admin;

  KafkaStatus(KafkaConnection connection) {
    this.connection = connection;
    Map<String, Object> props = new HashMap<>(connection.clientProperties());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    this.admin = Admin.create(props);
  }

  /**
   * The consumer group {@code id}, as playing {@code role}; a group never joined is {@code Empty}
   * with no members.
   */
  SystemStatus.Group group(String role, String id) {
    ConsumerGroupDescription description;
    try {
      description =
          answer(
              "describing the consumer group " + id,
              admin.describeConsumerGroups(List.of(id)).describedGroups().get(id));
    } catch (TrailUnavailableException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return new SystemStatus.Group(role, id, "Empty", List.of());
      }
      throw e;
    }
    List<SystemStatus.Member> members =
        description.members().stream()
            .sorted(
                Comparator.comparing(MemberDescription::clientId)
                    .thenComparing(MemberDescription::consumerId))
            .map(KafkaStatus::member)
            .toList();
    return new SystemStatus.Group(role, id, stateName(description), members);
  }

  /**
   * Each partition of {@code topic}, its end and the offset {@code group} committed on it. Where
   * the group has committed nothing, it would start at the partition's first record (the executors
   * reset to the earliest), so that many wait.
   */
  List<SystemStatus.PartitionLag> lag(String topic, String group) {
    List<TopicPartition> partitions = partitions(topic);
    // The end a read_committed consumer reaches: an open transaction's records are not waiting yet.
    Map<TopicPartition, ListOffsetsResultInfo> ends =
        offsets("reading the end of " + topic, partitions, OffsetSpec.latest());
    Map<TopicPartition, ListOffsetsResultInfo> starts =
        offsets("reading the start of " + topic, partitions, OffsetSpec.earliest());
    Map<TopicPartition, OffsetAndMetadata> committed =
        answer(
            "reading the offsets of " + group,
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    List<SystemStatus.PartitionLag> lags = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      long end = ends.get(partition).offset();
      OffsetAndMetadata offset = committed.get(partition);
      Long at = offset == null ? null : offset.offset();
      long from = at != null ? at : starts.get(partition).offset();
      lags.add(
          new SystemStatus.PartitionLag(partition.partition(), end, at, Math.max(0, end - from)));
    }
    return lags;
  }

  private Map<TopicPartition, ListOffsetsResultInfo> offsets(
      String doing, List<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> asked =
        partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec));
    return answer(
        doing,
        admin.listOffsets(asked, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all());
  }

  /**
   * The command outcomes written to the outcomes topic from {@code since} (and up to the reader's
   * margin before it; {@link RecentRuns} filters by their own times) to its end now, read as the
   * audit reads the trail.
   */
  List<CommandOutcome> outcomesSince(Instant since) {
    List<CommandOutcome> outcomes = new ArrayList<>();
    String topic = connection.topics().outcomes();
    try (TrailReader reader = new TrailReader(connection)) {
      for (int partition : reader.partitionsOf(List.of())) {
        reader.read(
            topic,
            partition,
            since,
            null,
            Set.of(),
            // An unreadable record is the audit's finding; the status is about the runs.
            read -> {
              if (read.record() instanceof CommandOutcome outcome) {
                outcomes.add(outcome);
              }
            });
      }
    }
    return outcomes;
  }

  private List<TopicPartition> partitions(String topic) {
    var description =
        answer(
            "describing " + topic,
            admin.describeTopics(List.of(topic)).topicNameValues().get(topic));
    return description.partitions().stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }

  private static SystemStatus.Member member(MemberDescription member) {
    Map<String, List<Integer>> byTopic = new TreeMap<>();
    for (TopicPartition partition : member.assignment().topicPartitions()) {
      byTopic.computeIfAbsent(partition.topic(), t -> new ArrayList<>()).add(partition.partition());
    }
    List<SystemStatus.Owned> owns =
        byTopic.entrySet().stream()
            .map(e -> new SystemStatus.Owned(e.getKey(), e.getValue().stream().sorted().toList()))
            .toList();
    return new SystemStatus.Member(member.clientId(), member.host(), member.consumerId(), owns);
  }

  private static String stateName(ConsumerGroupDescription description) {
    String state = description.groupState().toString();
    // Kafka says Dead of a group that has no members and no offsets: for a person, it is empty.
    return "Dead".equalsIgnoreCase(state) ? "Empty" : state;
  }

  private <T> T answer(String doing, KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrailUnavailableException("interrupted while " + doing, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KafkaException kafka) {
        throw TrailUnavailableException.of(kafka, connection.bootstrapServers(), doing);
      }
      throw new TrailUnavailableException(
          "Kafka at " + connection.bootstrapServers() + " failed " + doing + ": " + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new TrailUnavailableException(
          "Kafka at " + connection.bootstrapServers() + " does not answer (gave up " + doing + ")",
          e);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(1));
  }
}
