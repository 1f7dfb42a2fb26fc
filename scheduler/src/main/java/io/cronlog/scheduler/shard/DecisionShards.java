package io.cronlog.scheduler.shard;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.scheduler.state.PartitionRestore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.quartz.SchedulerException;

/**
 * The scheduler's decision threads, each a {@link DecisionShard} that owns the ScheduledJobs whose
 * key hashes to it. Work for one ScheduledJob always goes to the same shard, in the order it is
 * handed in, so its state stays on one thread; work for a whole partition (its restore, its
 * revocation, a safety check) goes to every shard and is done once every shard has done its part.
 */
public final class DecisionShards implements AutoCloseable {

  private final List<DecisionShard> shards;

  /** {@code count} shards, the i-th made by {@code shard.apply(i)}, its number {@code i}. */
  public DecisionShards(int count, IntFunction<DecisionShard> shard) {
    if (count < 1) {
      throw new IllegalArgumentException("at least one decision thread, not " + count);
    }
    List<DecisionShard> made = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      made.add(shard.apply(i));
    }
    this.shards = List.copyOf(made);
  }

  /**
   * The shard of {@code key}: a stable hash of the key, the same for every record and timer of it.
   * Not Kafka's partitioner hash (murmur2), lest a scheduler holding a few partitions find all
   * their keys in a few shards when the shard count divides the partition count.
   */
  int indexOf(ScheduledJobKey key) {
    return Math.floorMod(key.toString().hashCode(), shards.size());
  }

  private DecisionShard of(ScheduledJobKey key) {
    return shards.get(indexOf(key));
  }

  /** Hands the state of {@code key} to its shard; {@code state} null for a tombstone. */
  public void apply(ScheduledJobKey key, int partition, ScheduledJobState state, boolean restored) {
    DecisionShard shard = of(key);
    shard.submit(() -> shard.apply(key, partition, state, restored));
  }

  /** The timer of shard {@code index} for {@code epochMilli} fired (on a timer thread). */
  public void timerFired(int index, long epochMilli) {
    DecisionShard shard = shards.get(index);
    shard.submit(() -> shard.timerFired(epochMilli));
  }

  /** When the timer of {@code key} fires, if it has one; asked on its shard's thread. */
  public CompletableFuture<Optional<Instant>> timerOf(ScheduledJobKey key) {
    DecisionShard shard = of(key);
    CompletableFuture<Optional<Instant>> answer = new CompletableFuture<>();
    shard.submit(
        () -> {
          try {
            answer.complete(shard.timerOf(key));
          } catch (SchedulerException | RuntimeException e) {
            answer.completeExceptionally(e);
          }
        });
    return answer;
  }

  /** A command found on the commands' tail at restore, with where it was found (for the log). */
  public record FoundCommand(ScheduledJobKey key, CommandRecord command, String where) {}

  /**
   * Once each shard has applied what was handed to it before (the partition's state records), it
   * seeds the commands found for its keys, then decides for its ScheduledJobs of the partition.
   * Completes with the restore and its first decisions (their count, and the time from the first
   * shard starting them to the last finishing) once every shard has gone live.
   */
  public CompletableFuture<PartitionRestore> goLive(
      PartitionRestore restore, List<FoundCommand> commands) {
    AtomicLong firstStarted = new AtomicLong();
    List<CompletableFuture<Integer>> done = new ArrayList<>(shards.size());
    for (DecisionShard shard : shards) {
      List<FoundCommand> its = commands.stream().filter(c -> of(c.key()) == shard).toList();
      CompletableFuture<Integer> decided = new CompletableFuture<>();
      done.add(decided);
      shard.submit(
          () -> {
            try {
              firstStarted.compareAndSet(0, System.nanoTime());
              its.forEach(c -> shard.seedPublished(c.key(), c.command(), c.where()));
              decided.complete(shard.goLive(restore.partition()));
            } catch (RuntimeException | Error e) {
              decided.completeExceptionally(e);
              throw e;
            }
          });
    }
    return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored ->
                restore.withFirstDecisions(
                    done.stream().mapToInt(CompletableFuture::join).sum(),
                    Duration.ofNanos(System.nanoTime() - firstStarted.get())));
  }

  /**
   * Each shard stops deciding for {@code partitions} and hands them over (see {@link
   * DecisionShard#revoke}); completes once all have, even if one failed (the failure is the shard's
   * to log): the caller waits for it without a time limit.
   */
  public CompletableFuture<Void> revoke(Collection<Integer> partitions) {
    List<CompletableFuture<Void>> done = new ArrayList<>(shards.size());
    for (DecisionShard shard : shards) {
      CompletableFuture<Void> handedOver = new CompletableFuture<>();
      done.add(handedOver);
      shard.submit(
          () -> {
            try {
              shard.revoke(partitions);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              handedOver.complete(null);
            }
          });
    }
    return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
  }

  /**
   * A safety check is due (on a timer thread): each shard queues a pass unless its last is
   * unfinished.
   */
  public void safetyCheck() {
    shards.forEach(DecisionShard::safetyCheck);
  }

  /** Decisions and state updates waiting, over all shards. */
  public int queued() {
    return shards.stream().mapToInt(DecisionShard::queued).sum();
  }

  /** ScheduledJobs decided for, over all shards. */
  public int scheduledJobs() {
    return shards.stream().mapToInt(DecisionShard::scheduledJobs).sum();
  }

  /** How many decision threads there are. */
  public int count() {
    return shards.size();
  }

  /**
   * Runs {@code task} on every decision thread, after what each has queued (tests hold them up with
   * it).
   */
  public void submitToEach(Runnable task) {
    shards.forEach(shard -> shard.submit(task));
  }

  @Override
  public void close() {
    shards.forEach(DecisionShard::close);
  }
}
