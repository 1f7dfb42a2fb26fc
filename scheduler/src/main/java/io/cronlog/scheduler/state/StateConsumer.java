package io.cronlog.scheduler.state;

import io.cronlog.runtime.errors.PollErrors;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code cronlog.state} as a member of the schedulers' group. Each assigned partition is
 * read from its beginning to the end it had when assigned (the restore) before the listener is told
 * it may decide for it. Commits no offsets: every assignment restores from scratch, which the
 * compacted topic keeps cheap. One thread owns the consumer.
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

  private final Supplier<Consumer<String, byte[]>> stateConsumers;
  private final Supplier<Consumer<String, byte[]>> commandReaders;
  private final String topic;
  private final Listener listener;
  private final String commandsTopic;
  private final Duration commandLookback;
  private final Clock clock;

  /**
   * The partitions assigned and not yet restored, in the order they are read (see {@link
   * #paceRestores}); confined to the consumer thread.
   */
  private final Map<TopicPartition, Restore> restoring = new LinkedHashMap<>();

  private final PollErrors errors;
  private volatile Consumer<String, byte[]> consumer;
  private volatile RecentCommands recentCommands;
  private volatile boolean closed;

  /** Partitions assigned and still restoring, for health; written by the consumer thread. */
  private volatile int restoringCount;

  /**
   * Consumes {@code topic} through the group member {@code stateConsumers} makes; on each
   * assignment also reads, through the consumer {@code commandReaders} makes, the commands of
   * {@code commandsTopic} younger than {@code commandLookback}. Both are made, and closed, on the
   * thread that runs this.
   */
  public StateConsumer(
      Supplier<Consumer<String, byte[]>> stateConsumers,
      Supplier<Consumer<String, byte[]>> commandReaders,
      String topic,
      String commandsTopic,
      Duration commandLookback,
      Clock clock,
      Listener listener) {
    this.stateConsumers = stateConsumers;
    this.commandReaders = commandReaders;
    this.topic = topic;
    this.commandsTopic = commandsTopic;
    this.commandLookback = commandLookback;
    this.clock = clock;
    this.listener = listener;
    this.errors = new PollErrors(topic);
  }

  /**
   * Polls until closed, or until an error no retry can mend ({@link PollErrors}).
   *
   * @throws io.cronlog.runtime.errors.Unrecoverable once the consumers are closed, if such an error
   *     stopped the loop; it is logged already
   */
  @Override
  public void run() {
    try (Consumer<String, byte[]> owned = stateConsumers.get();
        RecentCommands commands = new RecentCommands(commandReaders.get(), commandsTopic)) {
      consumer = owned;
      recentCommands = commands;
      if (closed) {
        return; // closed before the clients existed: close() could not wake them
      }
      owned.subscribe(List.of(topic), new Rebalance(owned));
      while (!closed) {
        try {
          pollOnce(owned);
          errors.succeeded();
        } catch (RuntimeException e) {
          if (errors.handle(e, owned, closed) == PollErrors.Next.STOP) {
            break;
          }
        }
      }
    }
    errors.throwIfFailed();
  }

  private void pollOnce(Consumer<String, byte[]> owned) {
    for (ConsumerRecord<String, byte[]> record : owned.poll(Duration.ofMillis(200))) {
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      Restore restore = restoring.get(partition);
      if (restore != null) {
        restore.records++;
      }
      listener.onRecord(record, restore == null);
    }
    // Paced on every poll, not only when a restore ends: a revocation may take away the partition
    // being read. An empty partition is read as soon as its turn comes, and the next one's at once.
    do {
      paceRestores(owned);
    } while (finishRestores(owned));
    restoringCount = restoring.size();
  }

  /**
   * Lets one restoring partition be fetched at a time, the others paused. Read together, every
   * partition finished reading at about the same moment and their first decisions then queued up
   * behind each other; read in turn, a partition's first decisions run on the decision threads
   * while the consumer reads the next one, and each partition goes live as soon as it can.
   */
  private void paceRestores(Consumer<String, byte[]> owned) {
    List<TopicPartition> waiting = new ArrayList<>();
    boolean first = true;
    for (var entry : restoring.entrySet()) {
      if (first) {
        first = false;
        if (entry.getValue().startedNanos == 0) {
          entry.getValue().startedNanos = System.nanoTime();
          owned.resume(List.of(entry.getKey()));
        }
      } else if (entry.getValue().startedNanos == 0) {
        waiting.add(entry.getKey());
      }
    }
    owned.pause(waiting);
  }

  /** Hands over each partition read to its end; whether any was. */
  private boolean finishRestores(Consumer<String, byte[]> owned) {
    boolean finished = false;
    var iterator = restoring.entrySet().iterator();
    while (iterator.hasNext()) {
      var entry = iterator.next();
      if (entry.getValue().startedNanos != 0
          && owned.position(entry.getKey()) >= entry.getValue().endOffset) {
        Duration stateTook = Duration.ofNanos(System.nanoTime() - entry.getValue().startedNanos);
        long commandsStarted = System.nanoTime();
        int partition = entry.getKey().partition();
        // The previous owner has flushed its commands before giving the partition up (or died):
        // the tail read now holds everything it published for these ScheduledJobs. A read that
        // fails leaves the partition restoring, so that the next round reads the tail again.
        var recent = recentCommands.read(partition, clock.instant().minus(commandLookback));
        iterator.remove();
        finished = true;
        listener.onRestored(
            new PartitionRestore(
                partition,
                entry.getValue().records,
                stateTook,
                recent.size(),
                Duration.ofNanos(System.nanoTime() - commandsStarted)),
            recent);
      }
    }
    return finished;
  }

  /** How many assigned partitions are still being restored. */
  public int restoringPartitions() {
    return restoringCount;
  }

  /** Stops the poll loop; the consumer leaves its group as the loop ends. */
  public void close() {
    closed = true;
    Consumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    RecentCommands commands = recentCommands;
    if (commands != null) {
      commands.wakeup();
    }
  }

  /** Progress of one partition's restore. */
  private static final class Restore {
    final long endOffset;

    /** When its fetching was let through ({@link #paceRestores}); 0 while it waits its turn. */
    long startedNanos;

    long records;

    Restore(long endOffset) {
      this.endOffset = endOffset;
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    private final Consumer<String, byte[]> owned;

    Rebalance(Consumer<String, byte[]> owned) {
      this.owned = owned;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      owned.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = owned.endOffsets(partitions);
      // Read in the order of their numbers, so that a log of restores reads the same every time.
      ends.keySet().stream()
          .sorted(Comparator.comparingInt(TopicPartition::partition))
          .forEach(partition -> restoring.put(partition, new Restore(ends.get(partition))));
      paceRestores(owned);
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
