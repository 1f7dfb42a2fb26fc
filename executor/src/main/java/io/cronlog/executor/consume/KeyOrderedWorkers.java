package io.cronlog.executor.consume;

import io.cronlog.executor.act.DaemonThreads;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.InterruptException;

/**
 * Acts on the commands of several ScheduledJobs at once, each ScheduledJob's in order on one
 * thread. Every call returns only when all it was given is done or stalled, so the poll loop, which
 * alone touches the consumer and the parked commands, sees a batch as a whole. With one worker it
 * acts on the caller's thread.
 */
final class KeyOrderedWorkers implements AutoCloseable {

  /**
   * Commands acted on in order, one after another: a ScheduledJob's (the lane is its record key),
   * or one run that stepped aside to wait for its time (see {@link #asideLane}). The first has been
   * through {@code head}.
   */
  record Work(String lane, Deque<ConsumerRecord<String, byte[]>> records, Tries head) {}

  /**
   * A lane whose command {@code head} failed, or waits for this executor's clock, having been
   * through {@code tries}: it and the rest wait until {@code due}. When the loop stops, the
   * commands not reached yet stall until {@link Instant#MAX}, so that no offset past them is
   * committed.
   */
  record Stalled(
      String lane,
      ConsumerRecord<String, byte[]> head,
      Tries tries,
      Instant due,
      Deque<ConsumerRecord<String, byte[]>> rest) {}

  private final CommandProcessor processor;

  /** Null with one worker. */
  private final ExecutorService pool;

  KeyOrderedWorkers(CommandProcessor processor, int workers, String name) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, was " + workers);
    }
    this.processor = processor;
    this.pool = workers == 1 ? null : DaemonThreads.pool(name + "-worker", workers);
  }

  /**
   * Acts on every piece of work; returns the ScheduledJobs that stalled on a command that failed or
   * waits.
   *
   * @param stopping asked before each command; once true, what is left stalls untouched
   */
  List<Stalled> act(List<Work> work, BooleanSupplier stopping) {
    List<Stalled> stalled = new ArrayList<>();
    if (pool == null || work.size() == 1) {
      for (Work w : work) {
        stalled.addAll(run(w, stopping));
      }
      return stalled;
    }
    List<Future<List<Stalled>>> running = new ArrayList<>(work.size());
    for (Work w : work) {
      running.add(pool.submit(() -> run(w, stopping)));
    }
    try {
      for (Future<List<Stalled>> f : running) {
        stalled.addAll(f.get());
      }
    } catch (InterruptedException e) {
      running.forEach(f -> f.cancel(true));
      // Kafka's own unchecked form keeps the interrupt flag set; the loop ends and nothing is
      // committed.
      throw new InterruptException(e);
    } catch (ExecutionException e) {
      running.forEach(f -> f.cancel(true));
      // What the single-threaded loop would have thrown (a lost producer, a defect) ends the loop
      // here too.
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
    return stalled;
  }

  /**
   * Acts on a lane's commands until one stalls; a run that steps aside stalls alone, in a lane of
   * its own.
   */
  private List<Stalled> run(Work work, BooleanSupplier stopping) {
    List<Stalled> stalled = new ArrayList<>(1);
    Deque<ConsumerRecord<String, byte[]>> records = work.records();
    Tries tries = work.head();
    for (ConsumerRecord<String, byte[]> record = records.poll();
        record != null;
        record = records.poll()) {
      if (stopping.getAsBoolean()) {
        stalled.add(new Stalled(work.lane(), record, tries, Instant.MAX, records));
        return stalled;
      }
      Optional<Later> later = processor.process(record, tries);
      if (later.isPresent() && later.get().aside()) {
        stalled.add(
            new Stalled(
                asideLane(record),
                record,
                later.get().tries(),
                later.get().due(),
                new ArrayDeque<>()));
      } else if (later.isPresent()) {
        stalled.add(
            new Stalled(work.lane(), record, later.get().tries(), later.get().due(), records));
        return stalled;
      }
      tries = Tries.NONE;
    }
    return stalled;
  }

  /**
   * The lane of a command that waits on its own, apart from its ScheduledJob's: unique to the
   * record.
   */
  static String asideLane(ConsumerRecord<String, byte[]> record) {
    return record.key() + "@" + record.partition() + ":" + record.offset();
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
      try {
        pool.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
