package io.cronlog.scheduler;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.scheduler.intake.Checked;
import io.cronlog.scheduler.intake.DeadLetters;
import io.cronlog.scheduler.intake.RecordChecks;
import io.cronlog.scheduler.shard.DecisionShards;
import io.cronlog.scheduler.state.PartitionRestore;
import io.cronlog.scheduler.state.StateConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the state consumer reports, on its thread, handed to the decision shards: each record
 * checked (an untrusted one goes to the dead letters) and given to its ScheduledJob's shard; a
 * restored partition made live on every shard; a revoked one handed over by every shard before the
 * rebalance goes on. Keeps the partitions live and the restores done, for health and benchmarks.
 */
final class RecordRouter implements StateConsumer.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(RecordRouter.class);

  /** How often a revocation that waits for its hand-over says so. */
  private static final Duration HAND_OVER_REPORT_EVERY = Duration.ofSeconds(30);

  private final RecordChecks checks;
  private final DeadLetters deadLetters;
  private final DecisionShards shards;
  private final SchedulerMetrics metrics;
  private final BooleanSupplier closing;

  /**
   * Partitions every shard decides for; written by whichever shard finished a restore last, and on
   * revocation.
   */
  private final Set<Integer> live = ConcurrentHashMap.newKeySet();

  private final List<PartitionRestore> restores = new CopyOnWriteArrayList<>();

  RecordRouter(
      RecordChecks checks,
      DeadLetters deadLetters,
      DecisionShards shards,
      SchedulerMetrics metrics,
      BooleanSupplier closing) {
    this.checks = checks;
    this.deadLetters = deadLetters;
    this.shards = shards;
    this.metrics = metrics;
    this.closing = closing;
  }

  @Override
  public void onRecord(ConsumerRecord<String, byte[]> record, boolean restored) {
    Checked<ScheduledJobState> checked = checks.state(record);
    if (checked instanceof Checked.Trusted<ScheduledJobState> state) {
      shards.apply(state.key(), record.partition(), state.value(), restored);
    } else if (checked instanceof Checked.Rejected<ScheduledJobState> rejected) {
      deadLetters.send(record, rejected.reason());
    }
  }

  /**
   * Seeds what an earlier owner published, so that a run it started is not decided again. The
   * commands topic is as open to a careless or hostile writer as the state topic: a record that
   * cannot be read, or is filed under another ScheduledJob's key, goes to the dead letters (under
   * the same id as the executor's dead letter of it).
   */
  @Override
  public void onRestored(
      PartitionRestore restore, List<ConsumerRecord<String, byte[]>> recentCommands) {
    List<DecisionShards.FoundCommand> found = new ArrayList<>(recentCommands.size());
    for (ConsumerRecord<String, byte[]> record : recentCommands) {
      Checked<CommandRecord> checked = checks.command(record);
      if (checked instanceof Checked.Trusted<CommandRecord> command) {
        found.add(
            new DecisionShards.FoundCommand(
                command.key(),
                command.value(),
                record.topic() + "-" + record.partition() + "@" + record.offset()));
      } else if (checked instanceof Checked.Rejected<CommandRecord> rejected) {
        deadLetters.send(record, rejected.reason());
      }
    }
    shards
        .goLive(restore, found)
        .thenAccept(
            done -> {
              live.add(done.partition());
              restores.add(done);
              metrics.restored(done);
              LOG.info(
                  "Restored partition {}: {} state records in {} ms, then {} recent commands in {} ms; "
                      + "first decisions for its {} ScheduledJobs in {} ms",
                  done.partition(),
                  done.stateRecords(),
                  done.stateTook().toMillis(),
                  done.commandRecords(),
                  done.commandsTook().toMillis(),
                  done.scheduledJobs(),
                  done.firstDecisionsTook().toMillis());
            });
  }

  @Override
  public void onRevoked(Collection<Integer> partitions) {
    if (closing.getAsBoolean()) {
      return; // closing: no decision is made any more, and the decision threads are ending
    }
    // No decision for these partitions may follow the revocation, and the next owner must find
    // all our commands in the tail it reads: the rebalance waits for the hand-over, however long
    // it takes (a busy decision thread, Kafka slow to take the flush), and never throws, which
    // would kill this consumer thread. The partitions stop counting as live once every shard has
    // handed them over, after any restore of them queued before.
    var handedOver = shards.revoke(partitions).thenRun(() -> live.removeAll(partitions));
    HandOverWait.Outcome outcome =
        HandOverWait.await(
            handedOver,
            HAND_OVER_REPORT_EVERY,
            closing,
            waitedMs ->
                LOG.warn(
                    "Partitions {}: the hand-over has taken {} s so far ({} decisions queued);"
                        + " the rebalance waits for it",
                    partitions,
                    waitedMs / 1000,
                    shards.queued()));
    if (outcome != HandOverWait.Outcome.HANDED_OVER) {
      LOG.info("Partitions {}: stopped waiting for their hand-over: {}", partitions, outcome);
    }
  }

  /** The partitions every shard decides for; safe from any thread. */
  Set<Integer> livePartitions() {
    return Set.copyOf(live);
  }

  /** Every partition restore so far, in order of completion. */
  List<PartitionRestore> restores() {
    return List.copyOf(restores);
  }
}
