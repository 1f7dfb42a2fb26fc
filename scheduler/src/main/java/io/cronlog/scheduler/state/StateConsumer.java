package io.cronlog.scheduler.state;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code cronlog.state} as a member of the schedulers' group. Each assigned partition is
 * read from its beginning to the end it had when assigned (the restore) before the listener is
 * told it may decide for it. Commits no offsets: every assignment restores from scratch, which
 * the compacted topic keeps cheap. One thread owns the consumer.
 */
public final class StateConsumer implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(StateConsumer.class);

  /** What the consumer reports, on its own thread. */
  public interface Listener {
    void onRecord(ConsumerRecord<String, byte[]> record, boolean restored);

    /** Called once a partition's state and recent commands are read; decisions for it may start. */
    void onRestored(PartitionRestore restore, List<ConsumerRecord<String, byte[]>> recentCommands);

    /** Called before the partitions go to another member; must finish all work for them. */
    void onRevoked(Collection<Integer> partitions);
  }

  private final Map<String, Object> clientProperties;
  private final String topic;
  private final String groupId;
  private final Listener listener;
  private final String commandsTopic;
  private final Duration commandLookback;
  private final Clock clock;
  private final Map<TopicPartition, Restore> restoring = new HashMap<>();
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile RecentCommands recentCommands;
  private volatile boolean closed;
  /** Partitions assigned and still restoring, for health; written by the consumer thread. */
  private volatile int restoringCount;

  /**
   * Consumes {@code topic} in group {@code groupId}; on each assignment also reads the commands of
   * {@code commandsTopic} younger than {@code commandLookback}.
   */
  public StateConsumer(Map<String, Object> clientProperties, String topic, String groupId, String commandsTopic,
      Duration commandLookback, Clock clock, Listener listener) {
    this.clientProperties = Map.copyOf(clientProperties);
    this.topic = topic;
    this.groupId = groupId;
    this.commandsTopic = commandsTopic;
    this.commandLookback = commandLookback;
    this.clock = clock;
    this.listener = listener;
  }

  @Override
  public void run() {
    try (KafkaConsumer<String, byte[]> owned = new KafkaConsumer<>(properties());
        RecentCommands commands = new RecentCommands(clientProperties, commandsTopic)) {
      consumer = owned;
      recentCommands = commands;
      if (closed) {
        return; // closed before the clients existed: close() could not wake them
      }
      owned.subscribe(List.of(topic), new Rebalance(owned));
      while (!closed) {
        for (ConsumerRecord<String, byte[]> record : owned.poll(Duration.ofMillis(200))) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          Restore restore = restoring.get(partition);
          if (restore != null) {
            restore.records++;
          }
          listener.onRecord(record, restore == null);
        }
        finishRestores(owned);
        restoringCount = restoring.size();
      }
    } catch (WakeupException e) {
      if (!closed) {
        throw e;
      }
    }
  }

  private void finishRestores(KafkaConsumer<String, byte[]> owned) {
    var iterator = restoring.entrySet().iterator();
    while (iterator.hasNext()) {
      var entry = iterator.next();
      if (owned.position(entry.getKey()) >= entry.getValue().endOffset) {
        iterator.remove();
        Duration stateTook = Duration.ofNanos(System.nanoTime() - entry.getValue().startedNanos);
        long commandsStarted = System.nanoTime();
        int partition = entry.getKey().partition();
        // The previous owner has flushed its commands before giving the partition up (or died):
        // the tail read now holds everything it published for these ScheduledJobs.
        var recent = recentCommands.read(partition, clock.instant().minus(commandLookback));
        listener.onRestored(new PartitionRestore(partition, entry.getValue().records, stateTook, recent.size(),
            Duration.ofNanos(System.nanoTime() - commandsStarted)), recent);
      }
    }
  }

  /** How many assigned partitions are still being restored. */
  public int restoringPartitions() {
    return restoringCount;
  }

  /** Stops the poll loop; the consumer leaves its group as the loop ends. */
  public void close() {
    closed = true;
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    RecentCommands commands = recentCommands;
    if (commands != null) {
      commands.wakeup();
    }
  }

  private Properties properties() {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // Moving partitions one at a time keeps the other schedulers' timers running through a rebalance.
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // The watcher writes state in transactions; an aborted one never happened.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }

  /** Progress of one partition's restore. */
  private static final class Restore {
    final long endOffset;
    final long startedNanos = System.nanoTime();
    long records;

    Restore(long endOffset) {
      this.endOffset = endOffset;
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    private final KafkaConsumer<String, byte[]> owned;

    Rebalance(KafkaConsumer<String, byte[]> owned) {
      this.owned = owned;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      owned.seekToBeginning(partitions);
      owned.endOffsets(partitions).forEach((partition, end) -> restoring.put(partition, new Restore(end)));
      LOG.info("Assigned partitions {} of {}; restoring them before deciding", partitions, topic);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      partitions.forEach(restoring::remove);
      listener.onRevoked(partitions.stream().map(TopicPartition::partition).toList());
      LOG.info("Partitions {} of {} revoked", partitions, topic);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }
  }
}
