package io.cronlog.executor.consume;

import io.cronlog.executor.config.RetryPolicy;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.errors.KafkaErrors;
import io.cronlog.runtime.errors.Unrecoverable;
import io.cronlog.runtime.topics.PatientSend;
import io.cronlog.runtime.topics.Topics;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes outcomes to {@code cronlog.outcomes} and dead letters to {@code cronlog.dead-letter} from
 * a thread of its own, so that a broker that is away never holds up acting on commands: the Jobs
 * are made on time, and their trail is written when the broker is back ({@link PatientSend}; the
 * producer has no delivery deadline, see {@code ExecutorConfig}), none lost or written twice.
 * {@link #awaitWritten} tells the poll loop when offsets may be committed: only behind written
 * outcomes, which is what makes the trail complete. A write the broker failed is offered again,
 * with backoff, up to {@link #WRITE_RETRY}'s attempts; one that no retry can mend (authorization)
 * or that is out of attempts stops the executor, through {@link #awaitWritten}.
 */
public final class OutcomeWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutcomeWriter.class);

  /** Between two offers of a record the producer could not take. */
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

  /**
   * A record the producer took and then failed (with no delivery deadline, seldom for a reason that
   * passes) is offered again this often, this far apart, before the executor gives up.
   */
  static final RetryPolicy WRITE_RETRY =
      new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 5);

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final RecordCodec codec;
  private final BlockingDeque<Numbered> queue = new LinkedBlockingDeque<>();

  /** The numbers of the records handed to {@link #send} and not yet written. */
  private final ConcurrentSkipListSet<Long> unwritten = new ConcurrentSkipListSet<>();

  private final AtomicLong numbers = new AtomicLong();

  /** A failure no retry can mend (authorization), or one out of attempts: the loop must stop. */
  private final AtomicReference<Exception> fatal = new AtomicReference<>();

  private final Object progress = new Object();
  private final RetryPolicy writeRetry;
  private final Thread sender;
  private volatile boolean closed;

  public OutcomeWriter(Producer<String, byte[]> producer, Topics topics, RecordCodec codec) {
    this(producer, topics, codec, WRITE_RETRY);
  }

  /** A writer that offers a failed record again as {@code writeRetry} says (tests: at once). */
  OutcomeWriter(
      Producer<String, byte[]> producer, Topics topics, RecordCodec codec, RetryPolicy writeRetry) {
    this.producer = producer;
    this.topics = topics;
    this.codec = codec;
    this.writeRetry = writeRetry;
    this.sender = new Thread(this::sendAll, "cronlog-executor-outcomes");
    sender.setDaemon(true);
    sender.start();
  }

  /** Sends an outcome, keyed {@code namespace/name} like the command it answers. */
  public void outcome(CommandOutcome outcome) {
    send(
        new ProducerRecord<>(
            topics.outcomes(), outcome.target().key().toString(), codec.encode(outcome)));
  }

  /** Sends a dead letter, keyed as the record it holds was. */
  public void deadLetter(DeadLetter letter) {
    send(new ProducerRecord<>(topics.deadLetter(), letter.key(), codec.encode(letter)));
  }

  /**
   * Waits up to {@code timeout} until every record sent before this call is written.
   *
   * @return whether they all are; false leaves them on their way
   * @throws Unrecoverable if a record failed for good
   */
  public boolean awaitWritten(Duration timeout) {
    long upTo = numbers.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (true) {
        throwIfFailed();
        if (writtenUpTo(upTo)) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(progress, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptException(e);
        }
      }
    }
  }

  /** How many records sent are not written yet. */
  public int unwritten() {
    return unwritten.size();
  }

  /**
   * Stops offering records; those the producer holds are its own to finish or drop on its close.
   */
  @Override
  public void close() {
    closed = true;
    sender.interrupt();
  }

  private void send(ProducerRecord<String, byte[]> record) {
    long number = numbers.incrementAndGet();
    unwritten.add(number);
    queue.addLast(new Numbered(number, record, 0, 0));
  }

  private boolean writtenUpTo(long number) {
    Iterator<Long> lowest = unwritten.iterator();
    return !lowest.hasNext() || lowest.next() > number;
  }

  private void throwIfFailed() {
    Exception cause = fatal.get();
    if (cause != null) {
      throw new Unrecoverable("an outcome or dead letter could not be written", cause);
    }
  }

  private void sendAll() {
    while (!closed) {
      Numbered next;
      try {
        next = queue.takeFirst();
      } catch (InterruptedException e) {
        return; // closed
      }
      if (!waitUntilDue(next) || !offer(next)) {
        return; // closed while waiting
      }
    }
  }

  /** Waits out the backoff of a record offered again; false if closed meanwhile. */
  private boolean waitUntilDue(Numbered next) {
    long leftMs = TimeUnit.NANOSECONDS.toMillis(next.dueNanos() - System.nanoTime());
    if (next.failures() == 0 || leftMs <= 0) {
      return true;
    }
    try {
      Thread.sleep(leftMs);
      return true;
    } catch (InterruptedException e) {
      return false; // closed
    }
  }

  /** False if closed before the producer took it. */
  private boolean offer(Numbered next) {
    try {
      return PatientSend.send(
          producer,
          next.record(),
          (metadata, exception) -> {
            if (exception == null) {
              written(next.number());
            } else {
              failed(next, exception);
            }
          },
          RETRY_BACKOFF,
          refusal ->
              LOG.warn(
                  "An outcome for {} waits for Kafka: {}",
                  next.record().key(),
                  refusal.getMessage()));
    } catch (KafkaException e) {
      failed(next, e); // refused at once: a record that cannot be serialized, a closed producer
      return true;
    }
  }

  /**
   * A write failed: offered again, first in line, after a backoff (at worst written twice, the
   * outcome's id telling the copies apart for an auditor), unless no retry can mend it or it is out
   * of attempts.
   */
  private void failed(Numbered next, Exception exception) {
    int failures = next.failures() + 1;
    String key = next.record().key();
    if (KafkaErrors.isFatal(exception) || !writeRetry.allowsAnotherAttempt(failures)) {
      LOG.error(
          "A record for {} could not be written to {} ({} attempts); the executor stops",
          key,
          next.record().topic(),
          failures,
          exception);
      failedForGood(exception);
      return;
    }
    Duration delay =
        writeRetry.delayAfter(
            failures, Duration.ZERO, () -> ThreadLocalRandom.current().nextDouble());
    LOG.warn(
        "Writing a record for {} to {} failed (attempt {} of {}), trying again in {} ms: {}",
        key,
        next.record().topic(),
        failures,
        writeRetry.maxAttempts(),
        delay.toMillis(),
        exception.toString());
    queue.addFirst(
        new Numbered(next.number(), next.record(), failures, System.nanoTime() + delay.toNanos()));
  }

  private void written(long number) {
    unwritten.remove(number);
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  private void failedForGood(Exception cause) {
    fatal.compareAndSet(null, cause);
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /** A record to write, with its failed attempts and, once failed, when it may be offered again. */
  private record Numbered(
      long number, ProducerRecord<String, byte[]> record, int failures, long dueNanos) {}
}
