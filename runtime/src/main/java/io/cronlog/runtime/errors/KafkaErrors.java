package io.cronlog.runtime.errors;

import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Sorts what a Kafka client throws the way Apache Kafka's own client examples do: what no retry can
 * mend stops the service; an invalid offset is met by seeking; what the client calls retriable is
 * tried again. The one list for every client of ours, the watcher's transactional producer too.
 */
public final class KafkaErrors {

  /** What to do about an error. */
  public enum Kind {
    /**
     * Stop the service: retrying cannot mend it (authorization, a fenced client, a bug of ours).
     */
    FATAL,
    /** The consumer has no valid position on some partitions: seek them and go on. */
    OFFSET,
    /** The broker or the network is away for a while: try again after a backoff. */
    RETRIABLE,
    /** A Kafka error the client does not call retriable, nor we fatal: try again, a few times. */
    UNKNOWN
  }

  private KafkaErrors() {}

  /** The kind of {@code error}; fatal if it or any of its causes is of a fatal type. */
  public static Kind kindOf(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (isFatalType(cause)) {
        return Kind.FATAL;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    if (error instanceof InvalidOffsetException) {
      return Kind.OFFSET;
    }
    if (error instanceof RetriableException) {
      return Kind.RETRIABLE;
    }
    if (error instanceof KafkaException) {
      return Kind.UNKNOWN;
    }
    // Not the client's: a bug of ours or the JVM's (an NPE, an OutOfMemoryError) is nothing to
    // retry.
    return Kind.FATAL;
  }

  /** Whether {@code error}, or one of its causes, is what no retry can mend. */
  public static boolean isFatal(Throwable error) {
    return kindOf(error) == Kind.FATAL;
  }

  private static boolean isFatalType(Throwable error) {
    // The lists of Kafka's Consumer and ExactlyOnceMessageProcessor examples, and a given-up
    // component of ours. A record that cannot be deserialized is among them: our deserializers
    // (strings and bytes) cannot fail, so one that does means a misconfigured client.
    //
    // For the watcher's transactional producer the javadoc of each says the producer must be
    // closed: fenced, an out-of-order sequence. An invalid producer epoch is there too, though
    // Kafka would have it aborted and retried: its epoch is bumped when a newer producer takes the
    // transactional id, and the watcher's retry opens a new producer, which would fence the newer
    // one in turn, so that both publish (Kafka Streams treats it as fenced for the same reason).
    // What a transaction may merely abort (TransactionAbortableException) is not here: retried.
    return error instanceof AuthenticationException
        || error instanceof AuthorizationException
        || error instanceof UnsupportedVersionException
        || error instanceof ProducerFencedException
        || error instanceof InvalidProducerEpochException
        || error instanceof FencedInstanceIdException
        || error instanceof OutOfOrderSequenceException
        || error instanceof SerializationException
        || error instanceof ConfigException
        || error instanceof Unrecoverable;
  }
}
