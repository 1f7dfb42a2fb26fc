package io.cronlog.watcher.publish;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * A Kafka error no retry can mend, carried out of the publishing loop apart from the unexpected
 * errors. Fencing in particular: another watcher with the same transactional id took over, and
 * starting a new producer would fence it in turn, so both would publish.
 */
public final class FatalKafkaError extends RuntimeException {

  public FatalKafkaError(KafkaException cause) {
    super(cause);
  }

  /**
   * True for what no retry mends: fenced, not authorized, or a version the broker does not support.
   */
  public static boolean isFatal(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof ProducerFencedException
          || cause instanceof InvalidProducerEpochException
          || cause instanceof AuthorizationException
          || cause instanceof UnsupportedVersionException) {
        return true;
      }
    }
    return false;
  }
}
