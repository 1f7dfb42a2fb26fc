package io.cronlog.runtime.errors;

import org.apache.kafka.common.KafkaException;

/**
 * A failure its component has given up on, its retries spent or none worth trying: whoever meets it
 * stops, and the service with it ({@link KafkaErrors} counts it fatal wherever it is wrapped).
 */
public class Unrecoverable extends KafkaException {

  private static final long serialVersionUID = 1L;

  public Unrecoverable(String message, Throwable cause) {
    super(message, cause);
  }
}
