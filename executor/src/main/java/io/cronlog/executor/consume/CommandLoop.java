package io.cronlog.executor.consume;

import io.cronlog.runtime.errors.PollErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop on {@code cronlog.commands}; its thread alone uses the consumer and the parked
 * commands, and hands each batch to workers that act on several ScheduledJobs at once, each
 * ScheduledJob's commands in order (see {@link KeyOrderedWorkers}). A command that failed for a
 * transient reason, or that waits for this executor's clock to catch up with the one that stamped
 * it, is parked with its ScheduledJob's later commands while the other ScheduledJobs go on;
 * committed offsets never pass a parked command, and are committed only after the outcomes of
 * everything before them are written.
 */
public final class CommandLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(CommandLoop.class);
  private static final Duration MAX_POLL_WAIT = Duration.ofMillis(200);

  /** Beyond this many parked commands a partition is paused until they drain, bounding memory. */
  static final int MAX_PARKED_PER_PARTITION = 1_000;

  /**
   * ScheduledJobs retried between two polls, like max.poll.records for new commands: a backlog of
   * retries at the API rate limit must not keep the loop from polling within max.poll.interval.ms.
   */
  static final int RETRIES_PER_POLL = 100;

  /** Beyond this many outcomes waiting for the broker, no new command is read: they are memory. */
  static final int MAX_UNWRITTEN_OUTCOMES = 10_000;

  /**
   * How long a commit waits for the outcomes before it: in the normal run they are written in
   * milliseconds; with the broker away the loop goes on polling (and acting on retries) meanwhile.
   */
  private static final Duration OUTCOME_WAIT = Duration.ofSeconds(1);

  /** On close, how long the status writes and Events of runs already started may take. */
  private static final Duration CLOSE_IN_FLIGHT_WAIT = Duration.ofSeconds(5);

  /** On close, the last chance to commit what was done; the executor allows 30 s to stop. */
  private static final Duration CLOSE_OUTCOME_WAIT = Duration.ofSeconds(20);

  private static final Duration UNWRITTEN_REPORT_EVERY = Duration.ofMinutes(1);
  private static final Duration STATE_REPORT_EVERY = Duration.ofSeconds(15);

  private final Supplier<Consumer<String, byte[]>> consumers;
  private final String topic;
  private final OutcomeWriter outcomes;
  private final Clock clock;
  private final KeyOrderedWorkers acting;
  private final InFlight inFlight;
  private final PollErrors errors;

  // The fields below are used by the loop's thread only.
  private final ParkedCommands parked = new ParkedCommands();

  /** Per partition, the offset after the last record acted on or parked. */
  private final Map<TopicPartition, Long> consumed = new HashMap<>();

  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final Set<TopicPartition> pausedForBackpressure = new HashSet<>();
  private Duration outcomeWait = OUTCOME_WAIT;
  private Instant unwrittenSince;
  private Instant lastUnwrittenReport;
  private int commitsDeferred;
  private Instant lastStateReport = Instant.EPOCH;

  private volatile boolean closed;
  private volatile Consumer<String, byte[]> consumer;

  /**
   * A loop that acts on one command at a time, on its own thread.
   *
   * @param consumers makes the consumer, on the loop's thread; it is closed when the loop ends
   */
  public CommandLoop(
      Supplier<Consumer<String, byte[]>> consumers,
      String topic,
      CommandProcessor processor,
      OutcomeWriter outcomes,
      Clock clock) {
    this(consumers, topic, processor, outcomes, clock, 1);
  }

  /**
   * @param consumers makes the consumer, on the loop's thread; it is closed when the loop ends
   * @param workers how many ScheduledJobs' commands are acted on at once
   */
  public CommandLoop(
      Supplier<Consumer<String, byte[]>> consumers,
      String topic,
      CommandProcessor processor,
      OutcomeWriter outcomes,
      Clock clock,
      int workers) {
    this.consumers = consumers;
    this.topic = topic;
    this.outcomes = outcomes;
    this.clock = clock;
    this.acting = new KeyOrderedWorkers(processor, workers, "cronlog-executor");
    this.inFlight = processor.inFlight();
    this.errors = new PollErrors(topic);
  }

  /**
   * Polls until closed, or until an error no retry can mend ({@link PollErrors}).
   *
   * @throws io.cronlog.runtime.errors.Unrecoverable once the consumer is closed, if such an error
   *     stopped the loop; it is logged already
   */
  @Override
  public void run() {
    try (KeyOrderedWorkers workers = acting;
        Consumer<String, byte[]> c = consumers.get()) {
      consumer = c;
      c.subscribe(List.of(topic), new Rebalance(c));
      LOG.info("Consuming {}", topic);
      while (!closed) {
        try {
          pollOnce(c);
          errors.succeeded();
        } catch (RuntimeException e) {
          if (errors.handle(e, c, closed) == PollErrors.Next.STOP) {
            break;
          }
        }
      }
      if (errors.failure().isEmpty()) {
        // After a fatal error nothing more is committed: what was done since the last commit is
        // done again by the partitions' next owner, idempotently.
        commitOnClose(c);
      }
    }
    errors.throwIfFailed();
    LOG.info("Stopped consuming {}", topic);
  }

  /** Asks the loop to stop after the record at hand; safe from any thread, more than once. */
  public void close() {
    closed = true;
    Consumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  private void pollOnce(Consumer<String, byte[]> c) {
    // Per ScheduledJob (record key), in order: each key's commands go to one worker, one at a time.
    Map<String, Deque<ConsumerRecord<String, byte[]>>> fresh = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : c.poll(pollWait())) {
      if (closed) {
        // The rest of the batch is not ours to finish: it stays uncommitted for the next owner.
        break;
      }
      if (parked.holds(record.key())) {
        parked.append(record);
      } else {
        fresh.computeIfAbsent(record.key(), k -> new ArrayDeque<>()).add(record);
      }
      consumed.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
    }
    actOn(
        fresh.entrySet().stream()
            .map(e -> new KeyOrderedWorkers.Work(e.getKey(), e.getValue(), Tries.NONE))
            .toList());
    parkReturned();
    retryDue();
    applyBackpressure(c);
    commit(c);
    reportState(c);
  }

  /**
   * At DEBUG, once per {@link #STATE_REPORT_EVERY}: per partition owned, the lag, whether it is
   * paused, the commands waiting in it, and the offsets consumed and committed; so that a partition
   * that falls behind can be told from one that is stuck.
   */
  private void reportState(Consumer<String, byte[]> c) {
    Instant now = clock.instant();
    if (!LOG.isDebugEnabled()
        || Duration.between(lastStateReport, now).compareTo(STATE_REPORT_EVERY) < 0) {
      return;
    }
    lastStateReport = now;
    Set<TopicPartition> paused = c.paused();
    StringBuilder line = new StringBuilder();
    for (TopicPartition partition : c.assignment()) {
      OptionalLong lag = c.currentLag(partition);
      line.append(' ')
          .append(partition.partition())
          .append(": lag ")
          .append(lag.isPresent() ? Long.toString(lag.getAsLong()) : "unknown")
          .append(paused.contains(partition) ? ", paused" : "")
          .append(", parked ")
          .append(parked.size(partition))
          .append(", consumed ")
          .append(consumed.get(partition))
          .append(", committed ")
          .append(committed.get(partition))
          .append(';');
    }
    LOG.debug("State:{} unwritten outcomes {}", line, outcomes.unwritten());
  }

  /**
   * Parks, each in a lane of its own, the commands whose bookkeeping failed after their workers
   * moved on (their ScheduledJob's later commands went on meanwhile, as after a run that waits for
   * its time), and only then lets them out of flight, so no commit passes them.
   */
  private void parkReturned() {
    for (InFlight.Returned back : inFlight.takeReturned()) {
      ConsumerRecord<String, byte[]> record = back.record();
      if (consumed.containsKey(new TopicPartition(record.topic(), record.partition()))) {
        parked.park(
            KeyOrderedWorkers.asideLane(record), record, back.later().tries(), back.later().due());
      }
      inFlight.end(record);
    }
  }

  private void retryDue() {
    actOn(
        parked.takeDue(clock.instant(), RETRIES_PER_POLL).stream()
            .map(
                waiting -> new KeyOrderedWorkers.Work(waiting.lane, waiting.records, waiting.tries))
            .toList());
  }

  private void actOn(List<KeyOrderedWorkers.Work> work) {
    if (work.isEmpty()) {
      return;
    }
    for (KeyOrderedWorkers.Stalled stalled : acting.act(work, () -> closed)) {
      parked.park(stalled.lane(), stalled.head(), stalled.tries(), stalled.due());
      parked.appendAll(stalled.lane(), stalled.rest());
    }
  }

  private void applyBackpressure(Consumer<String, byte[]> c) {
    int unwritten = outcomes.unwritten();
    for (TopicPartition partition : consumed.keySet()) {
      int waiting = parked.size(partition) + inFlight.size(partition);
      boolean full = waiting >= MAX_PARKED_PER_PARTITION || unwritten >= MAX_UNWRITTEN_OUTCOMES;
      boolean drained =
          waiting < MAX_PARKED_PER_PARTITION / 2 && unwritten < MAX_UNWRITTEN_OUTCOMES / 2;
      if (full && pausedForBackpressure.add(partition)) {
        LOG.warn(
            "Pausing {}: {} commands wait for another attempt or their status writes, {} outcomes to be written",
            partition,
            waiting,
            unwritten);
        c.pause(List.of(partition));
      } else if (drained && pausedForBackpressure.remove(partition)) {
        LOG.info("Resuming {}", partition);
        c.resume(List.of(partition));
      }
    }
  }

  private void commit(Consumer<String, byte[]> c) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    consumed.forEach(
        (partition, next) -> {
          long safe =
              Math.min(
                  next,
                  Math.min(
                      parked.oldestOffset(partition).orElse(next),
                      inFlight.oldestOffset(partition).orElse(next)));
          if (!Objects.equals(committed.get(partition), safe)) {
            offsets.put(partition, new OffsetAndMetadata(safe));
          }
        });
    if (offsets.isEmpty()) {
      return;
    }
    if (!outcomes.awaitWritten(outcomeWait)) {
      // The broker is away: the outcomes are on their way, and so the offsets wait with them.
      reportUnwritten();
      return;
    }
    try {
      c.commitSync(offsets);
    } catch (RebalanceInProgressException | CommitFailedException e) {
      // The group is moving partitions. What we keep is committed after the next poll; what
      // moves away is acted on again by its next owner, which is harmless: actions are idempotent.
      commitDeferred(e);
      return;
    } catch (RetriableException e) {
      // The broker or the group coordinator is away (commitSync's own timeout): try after the next
      // poll.
      commitDeferred(e);
      return;
    }
    offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
    unwrittenSince = null;
    commitsDeferred = 0;
  }

  /** Said once until a commit goes through: a rebalance defers every commit of the poll loop. */
  private void commitDeferred(RuntimeException why) {
    if (commitsDeferred++ == 0) {
      LOG.info("Commit deferred: {}", why.getMessage());
    }
  }

  /**
   * One line a minute while outcomes wait for Kafka, so that a long outage is visible, not noisy.
   */
  private void reportUnwritten() {
    Instant now = clock.instant();
    if (unwrittenSince == null) {
      unwrittenSince = now;
      lastUnwrittenReport = now;
      LOG.warn(
          "{} outcomes are not written yet; offsets are committed once they are",
          outcomes.unwritten());
    } else if (Duration.between(lastUnwrittenReport, now).compareTo(UNWRITTEN_REPORT_EVERY) >= 0) {
      lastUnwrittenReport = now;
      LOG.warn("{} outcomes are still not written, since {}", outcomes.unwritten(), unwrittenSince);
    }
  }

  private void commitOnClose(Consumer<String, byte[]> c) {
    outcomeWait = CLOSE_OUTCOME_WAIT;
    try {
      // The Jobs made are recorded, and their offsets committed, unless the API is too slow for it.
      if (!inFlight.awaitSettled(CLOSE_IN_FLIGHT_WAIT)) {
        LOG.warn(
            "Stopping with commands whose status writes are not done; their next owner does them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      commit(c);
    } catch (WakeupException e) {
      // close() woke a consumer that was not blocked; the flag is spent now.
      commit(c);
    }
  }

  private Duration pollWait() {
    return parked
        .nextDue()
        .map(due -> Duration.between(clock.instant(), due))
        .map(wait -> wait.isNegative() ? Duration.ZERO : wait)
        .filter(wait -> wait.compareTo(MAX_POLL_WAIT) < 0)
        .orElse(MAX_POLL_WAIT);
  }

  private void forget(Collection<TopicPartition> partitions) {
    parked.drop(partitions);
    inFlight.forget(partitions);
    consumed.keySet().removeAll(partitions);
    committed.keySet().removeAll(partitions);
    pausedForBackpressure.removeAll(partitions);
  }

  /** Commits what is done in partitions that move away, and forgets what waits in them. */
  private final class Rebalance implements ConsumerRebalanceListener {

    private final Consumer<String, byte[]> c;

    Rebalance(Consumer<String, byte[]> c) {
      this.c = c;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      LOG.info("Partitions revoked: {}", partitions);
      commit(c);
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      LOG.warn("Partitions lost: {}; their parked commands go to their next owner", partitions);
      forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        LOG.info("Partitions assigned: {}", partitions);
      }
    }
  }
}
