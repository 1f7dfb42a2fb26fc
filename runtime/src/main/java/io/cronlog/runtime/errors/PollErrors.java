package io.cronlog.runtime.errors;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one poll loop does with an error that ended one of its rounds, after {@link KafkaErrors}: a
 * fatal one is logged with its exception and stops the loop, which then stops its service (see
 * {@link #failure()}); a retriable one is logged and the loop polls again after a backoff; an
 * invalid offset sends the partitions back to their beginning, where our consumers' reset policy
 * ({@code earliest}) would. A Kafka error of no known kind is tried again too, as Kafka's examples
 * do, but only {@value #MAX_UNKNOWN_IN_A_ROW} times in a row. Used by the loop's thread only.
 */
public final class PollErrors {

  /** What the loop does next. */
  public enum Next {
    POLL,
    STOP
  }

  /** Waits between two rounds; {@link Thread#sleep} but in tests. */
  @FunctionalInterface
  public interface Sleep {
    void sleep(Duration duration) throws InterruptedException;
  }

  /**
   * Bounds the wait between two polls: short enough that a loop asked to close meanwhile stops
   * within the services' stop timeouts, long enough not to spin against a broker that is away (the
   * client backs off its own reconnects up to a second).
   */
  public static final Backoff DEFAULT_BACKOFF =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

  static final int MAX_UNKNOWN_IN_A_ROW = 5;

  private static final Logger LOG = LoggerFactory.getLogger(PollErrors.class);

  private final String loop;
  private final Backoff backoff;
  private final Sleep sleep;
  private int failuresInARow;
  private int unknownInARow;
  private RuntimeException failure;

  /**
   * For the loop named {@code loop} in its log lines (the topic it consumes), with the default
   * backoff.
   */
  public PollErrors(String loop) {
    this(loop, DEFAULT_BACKOFF, duration -> Thread.sleep(duration.toMillis()));
  }

  public PollErrors(String loop, Backoff backoff, Sleep sleep) {
    this.loop = loop;
    this.backoff = backoff;
    this.sleep = sleep;
  }

  /** A round went through: the next failure starts the backoff afresh. */
  public void succeeded() {
    failuresInARow = 0;
    unknownInARow = 0;
  }

  /**
   * Deals with {@code error}, which ended a round of the loop on {@code consumer}.
   *
   * @param closing whether the loop was asked to stop; the wakeup that asked it is then no error
   */
  public Next handle(RuntimeException error, Consumer<?, ?> consumer, boolean closing) {
    if (closing && (error instanceof WakeupException || error instanceof InterruptException)) {
      return Next.STOP;
    }
    if (error instanceof WakeupException || error instanceof InterruptException) {
      // Only close() wakes our consumers, and only a stop interrupts their threads.
      return fatal(error);
    }
    return switch (KafkaErrors.kindOf(error)) {
      case FATAL -> fatal(error);
      case OFFSET -> seekToBeginning((InvalidOffsetException) error, consumer);
      case RETRIABLE -> retry(error);
      case UNKNOWN -> ++unknownInARow > MAX_UNKNOWN_IN_A_ROW ? fatal(error) : retry(error);
    };
  }

  /** The error that stopped the loop, if one did. */
  public Optional<RuntimeException> failure() {
    return Optional.ofNullable(failure);
  }

  /** Throws what stopped the loop, if anything did, for the loop's owner to stop the service. */
  public void throwIfFailed() {
    if (failure != null) {
      throw failure instanceof Unrecoverable given
          ? given
          : new Unrecoverable("the poll loop on " + loop + " stopped", failure);
    }
  }

  private Next fatal(RuntimeException error) {
    LOG.error(
        "The poll loop on {} stops: {} cannot be retried",
        loop,
        error.getClass().getSimpleName(),
        error);
    failure = error;
    return Next.STOP;
  }

  private Next seekToBeginning(InvalidOffsetException error, Consumer<?, ?> consumer) {
    Set<TopicPartition> ours = new HashSet<>(error.partitions());
    ours.retainAll(consumer.assignment());
    LOG.warn(
        "The poll loop on {}: no valid offset for {} ({}); reading them from their beginning",
        loop,
        ours,
        error.getMessage());
    if (!ours.isEmpty()) {
      consumer.seekToBeginning(ours); // none would mean all assigned partitions
    }
    if (ours.size() < error.partitions().size()) {
      // Another consumer of the loop's (one read on demand) seeks anew each time it reads.
      return retry(error);
    }
    return Next.POLL;
  }

  private Next retry(RuntimeException error) {
    Duration delay = backoff.delayAfter(++failuresInARow);
    LOG.warn(
        "The poll loop on {} polls again in {} ms, failure {} in a row: {}",
        loop,
        delay.toMillis(),
        failuresInARow,
        error.toString());
    try {
      sleep.sleep(delay);
    } catch (InterruptedException e) {
      // A stop: the next poll throws InterruptException, and the loop ends there.
      Thread.currentThread().interrupt();
    }
    return Next.POLL;
  }
}
