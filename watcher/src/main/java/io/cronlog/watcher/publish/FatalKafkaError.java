package io.cronlog.watcher.publish;

import org.apache.kafka.common.KafkaException;

/**
 * A Kafka error no retry can mend, carried out of the publishing loop apart from the unexpected
 * errors. Fencing in particular: another watcher with the same transactional id took over, and
 * starting a new producer would fence it in turn, so both would publish. Which errors those are is
 * {@link io.cronlog.runtime.errors.KafkaErrors}'s to say, for every client of ours alike.
 */
public final class FatalKafkaError extends RuntimeException {

  public FatalKafkaError(KafkaException cause) {
    super(cause);
  }
}
