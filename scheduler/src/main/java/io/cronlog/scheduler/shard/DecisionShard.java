package io.cronlog.scheduler.shard;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.runtime.errors.KafkaErrors;
import io.cronlog.scheduler.CommandPublisher;
import io.cronlog.scheduler.SchedulerMetrics;
import io.cronlog.scheduler.decide.Decider;
import io.cronlog.scheduler.decide.Decision;
import io.cronlog.scheduler.decide.Situation;
import io.cronlog.scheduler.state.KnownScheduledJob;
import io.cronlog.scheduler.state.PeerClocks;
import io.cronlog.scheduler.timer.SafetyCheck;
import io.cronlog.scheduler.timer.WakeTimers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.common.KafkaException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ScheduledJobs of one key-hash shard and the one thread that decides for them: their state,
 * their timers and what was published for them live on that thread alone, so no lock guards them.
 * Every method but {@link #submit}, {@link #safetyCheck}, the gauges and {@link #close} runs on it.
 */
public final class DecisionShard implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DecisionShard.class);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

  /** What a shard works with; the same for every shard of a scheduler. */
  public record Tools(
      Clock clock,
      PeerClocks peerClocks,
      CommandPublisher publisher,
      WakeTimers timers,
      SchedulerMetrics metrics,
      BooleanSupplier closing,
      Consumer<Throwable> fatal) {}

  /** This shard's number, which names its timers. */
  private final int index;

  private final Tools tools;
  private final Decider decider = new Decider();

  /** One thread; a pool executor so that its queue, the decisions waiting, can be measured. */
  private final ThreadPoolExecutor thread;

  /** Fired by Quartz; queues a pass on this shard only when its previous one has finished. */
  private final SafetyCheck<ScheduledJobKey> safetyCheck;

  /** Confined to this shard's thread. */
  private final Map<ScheduledJobKey, KnownScheduledJob> tracked = new HashMap<>();

  /** Partitions restored and not revoked; confined to this shard's thread. */
  private final Set<Integer> live = new HashSet<>();

  /**
   * The ScheduledJobs each timer of this shard wakes, by its instant rounded up to the millisecond
   * (Quartz's precision: never early); a key is here exactly when its {@link
   * KnownScheduledJob#timerAt()} is set. Confined to this shard's thread.
   */
  private final Map<Long, Set<ScheduledJobKey>> wakes = new HashMap<>();

  /** The size of {@code tracked}, for the gauge read off this shard's thread. */
  private volatile int trackedCount;

  public DecisionShard(int index, String threadName, Tools tools) {
    this.index = index;
    this.tools = tools;
    this.thread =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> new Thread(runnable, threadName));
    this.safetyCheck =
        new SafetyCheck<>(this::submit, () -> List.copyOf(tracked.keySet()), this::reconcile);
  }

  /** Runs {@code task} on this shard's thread, after what is queued; nothing once closing. */
  public void submit(Runnable task) {
    if (!tools.closing().getAsBoolean()) {
      thread.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOG.error("A scheduling task failed", e);
            }
          });
    }
  }

  /**
   * A safety check pass is due (on a timer thread); skipped if this shard's previous one is
   * unfinished.
   */
  public void safetyCheck() {
    safetyCheck.run();
  }

  /** Decisions and state updates waiting for this shard's thread. */
  public int queued() {
    return thread.getQueue().size();
  }

  /** ScheduledJobs of this shard. */
  public int scheduledJobs() {
    return trackedCount;
  }

  /**
   * Takes the state of {@code key}, read from {@code partition}; {@code state} null for a
   * tombstone.
   */
  void apply(ScheduledJobKey key, int partition, ScheduledJobState state, boolean restored) {
    if (state == null) {
      cancelTimer(key);
      tracked.remove(key);
      trackedCount = tracked.size();
      LOG.info("{}: deleted; its timer is dropped", key);
      return;
    }
    KnownScheduledJob entry = tracked.get(key);
    if (entry == null) {
      tracked.put(key, new KnownScheduledJob(state, partition));
      trackedCount = tracked.size();
    } else {
      entry.update(state);
    }
    if (restored) {
      reconcile(key);
    }
  }

  /**
   * Seeds what an earlier owner published, so that a run it started is not decided again; one that
   * no scheduler could have published by now is ignored, lest it hold back a run that is due.
   *
   * @param where the record's topic, partition and offset, for the log
   */
  void seedPublished(ScheduledJobKey key, CommandRecord command, String where) {
    KnownScheduledJob entry = tracked.get(key);
    if (entry == null
        || !command.target().uid().equals(entry.state().scheduledJob().getMetadata().getUid())) {
      return; // deleted since, or for an earlier ScheduledJob of the same name: nothing is decided
      // for it
    }
    Instant now = tools.clock().instant();
    Instant scheduledTime =
        command instanceof CreateJob run && !run.manual() ? run.scheduledTime() : null;
    if (!tools.peerClocks().couldHavePublished(command, scheduledTime, now)) {
      LOG.warn(
          "{}: command {} at {} ignored at restore: published at {}{}, which no scheduler could have done"
              + " by {} (give or take {})",
          key,
          command.id(),
          where,
          command.time(),
          scheduledTime == null ? "" : " for a run at " + scheduledTime,
          now,
          tools.peerClocks().maxClockSkew());
      return;
    }
    entry.restored(command.id(), scheduledTime, command.time());
  }

  /**
   * Starts deciding for {@code partition}, restored: its ScheduledJobs' first decisions; how many.
   */
  int goLive(int partition) {
    live.add(partition);
    List<ScheduledJobKey> keys =
        tracked.entrySet().stream()
            .filter(e -> e.getValue().partition() == partition)
            .map(Map.Entry::getKey)
            .toList();
    keys.forEach(this::reconcile);
    return keys.size();
  }

  /**
   * Stops deciding for {@code partitions}: forgets their ScheduledJobs, drops their timers, and
   * waits until Kafka has every command published so far, since the next owner reads the commands'
   * tail when it is assigned and all of ours must be in it.
   */
  void revoke(Collection<Integer> partitions) throws InterruptedException {
    live.removeAll(partitions);
    tracked
        .entrySet()
        .removeIf(
            e -> {
              boolean revoked = partitions.contains(e.getValue().partition());
              if (revoked) {
                cancelTimer(e.getKey(), e.getValue());
              }
              return revoked;
            });
    trackedCount = tracked.size();
    tools.publisher().flush();
  }

  /** This shard's timer for {@code epochMilli} fired: its ScheduledJobs are decided again. */
  void timerFired(long epochMilli) {
    Set<ScheduledJobKey> due = wakes.remove(epochMilli); // a one-shot trigger: gone once fired
    if (due == null) {
      return; // every ScheduledJob it was set for has been given another wake since
    }
    for (ScheduledJobKey key : due) {
      KnownScheduledJob entry = tracked.get(key);
      if (entry != null) {
        entry.timerAt(null);
        reconcile(key);
      }
    }
  }

  /** When the timer of {@code key} fires, if it has one and Quartz holds it. */
  Optional<Instant> timerOf(ScheduledJobKey key) throws SchedulerException {
    KnownScheduledJob entry = tracked.get(key);
    if (entry == null
        || entry.timerAt() == null
        || !tools.timers().isSet(index, wakeMillis(entry.timerAt()))) {
      return Optional.empty();
    }
    return Optional.of(entry.timerAt());
  }

  private void reconcile(ScheduledJobKey key) {
    KnownScheduledJob entry = tracked.get(key);
    if (tools.closing().getAsBoolean() || entry == null || !live.contains(entry.partition())) {
      return;
    }
    Instant now = tools.clock().instant();
    ScheduledJobState state = entry.state();
    long decideStarted = System.nanoTime();
    Decision decision =
        decider.decide(
            new Situation(
                state.scheduledJob(),
                state.jobs(),
                state.scheduleSince(),
                entry.pendingRuns(now),
                now,
                state.id()));
    tools.metrics().decided(Duration.ofNanos(System.nanoTime() - decideStarted));
    List<CommandRecord> fresh =
        decision.commands().stream().filter(c -> !entry.alreadyPublished(c.id())).toList();
    if (!fresh.isEmpty()) {
      // Counted as published at once, so the next wake does not decide them again while Kafka
      // acknowledges (the publisher waits out a broker that is away); a send Kafka refuses for
      // good is forgotten again and decided anew (publishFailed).
      fresh.forEach(command -> entry.published(command.id()));
      decision.run().filter(fresh::contains).ifPresent(run -> started(key, entry, run, now));
      tools.metrics().published(fresh);
      tools
          .publisher()
          .publish(key.toString(), fresh)
          .whenComplete(
              (ok, failure) -> {
                if (failure != null) {
                  submit(() -> publishFailed(key, fresh, failure));
                }
              });
    }
    decision
        .nextWake()
        .ifPresentOrElse(at -> wakeAt(key, entry, at), () -> cancelTimer(key, entry));
  }

  private void started(ScheduledJobKey key, KnownScheduledJob entry, CreateJob run, Instant now) {
    if (run.manual()) {
      // A manual run never moves lastScheduleTime, so it must not wait as a pending scheduled run;
      // status.lastTrigger tells the decision it was handled.
      LOG.info("{}: manual run for trigger '{}' decided", key, run.manualTrigger());
      return;
    }
    entry.runStarted(run.scheduledTime(), now);
    tools.metrics().runDecided(Duration.between(run.scheduledTime(), now));
    LOG.info(
        "{}: run for {} decided, {} ms after its scheduled time",
        key,
        run.scheduledTime(),
        Duration.between(run.scheduledTime(), now).toMillis());
  }

  private void publishFailed(ScheduledJobKey key, List<CommandRecord> commands, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    // What Kafka refuses for good; anything else (a send refused while closing too) is tried again.
    if (cause instanceof KafkaException && KafkaErrors.isFatal(cause)) {
      LOG.error("{}: Kafka refuses the scheduler's commands for good; stopping", key, cause);
      tools.fatal().accept(cause);
      return;
    }
    KnownScheduledJob entry = tracked.get(key);
    if (entry == null) {
      return; // revoked or deleted meanwhile: the next owner decides afresh
    }
    tools.metrics().publishFailed(commands.size());
    commands.forEach(
        command ->
            entry.unpublished(
                command.id(), command instanceof CreateJob run ? run.scheduledTime() : null));
    LOG.warn(
        "{}: publishing {} commands failed, retrying in {}: {}",
        key,
        commands.size(),
        RETRY_AFTER_FAILURE,
        cause.toString());
    wakeAt(key, entry, tools.clock().instant().plus(RETRY_AFTER_FAILURE));
  }

  private void wakeAt(ScheduledJobKey key, KnownScheduledJob entry, Instant at) {
    if (at.equals(entry.timerAt())) {
      // Unchanged, and not fired yet (timerFired would have cleared it): the safety check and
      // every state change re-decide, and re-setting the same Quartz trigger was a quarter of a
      // decision's work.
      return;
    }
    cancelTimer(key, entry);
    long millis = wakeMillis(at);
    Set<ScheduledJobKey> slot = wakes.get(millis);
    if (slot == null) {
      // The first of this shard's ScheduledJobs to wake then: the only one that costs a trigger,
      // so 10,000 due at the same minute are one Quartz firing per shard, not 10,000.
      try {
        tools.timers().wakeAt(index, millis);
      } catch (SchedulerException e) {
        LOG.error("{}: cannot set its timer; the safety check will catch up", key, e);
        return;
      }
      slot = new HashSet<>();
      wakes.put(millis, slot);
    }
    slot.add(key);
    entry.timerAt(at);
  }

  private void cancelTimer(ScheduledJobKey key) {
    cancelTimer(key, tracked.get(key));
  }

  /** Takes {@code key} off its timer; drops the timer once it wakes no ScheduledJob. */
  private void cancelTimer(ScheduledJobKey key, KnownScheduledJob entry) {
    if (entry == null || entry.timerAt() == null) {
      return;
    }
    long millis = wakeMillis(entry.timerAt());
    entry.timerAt(null);
    Set<ScheduledJobKey> slot = wakes.get(millis);
    if (slot == null || !slot.remove(key) || !slot.isEmpty()) {
      return;
    }
    wakes.remove(millis);
    try {
      tools.timers().cancel(index, millis);
    } catch (SchedulerException e) {
      // Harmless: the timer fires, finds no ScheduledJob to wake, and is gone.
      LOG.warn("{}: cannot drop the timer it was the last on", key, e);
    }
  }

  /**
   * {@code at} rounded up to Quartz's millisecond, so that a timer never fires before {@code at}.
   */
  private static long wakeMillis(Instant at) {
    long millis = at.toEpochMilli();
    return at.getNano() % 1_000_000 == 0 ? millis : millis + 1;
  }

  /** Lets what is queued run, then stops the thread; waits up to 10 s. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
