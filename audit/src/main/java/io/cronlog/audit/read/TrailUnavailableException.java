package io.cronlog.audit.read;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * The trail cannot be read, for a reason the user can act on: nowhere to read from, a broker that
 * does not answer or refuses this client, a topic that is missing or misshapen. The message is one
 * line meant for a person; the Kafka exception, if any, is the cause, for a log.
 *
 * <p>Unchecked, so that reads compose in lambdas and streams; the command line catches it and
 * prints the message alone.
 */
public final class TrailUnavailableException extends RuntimeException {

  public TrailUnavailableException(String message) {
    super(oneLine(message));
  }

  public TrailUnavailableException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  /**
   * What a Kafka client failure means to a person, {@code doing} something with Kafka at {@code
   * address}. An interruption is not a failure of the trail: it is thrown again as it is.
   */
  public static TrailUnavailableException of(KafkaException e, String address, String doing) {
    if (e instanceof InterruptException interrupted) {
      throw interrupted;
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof TimeoutException) {
      return new TrailUnavailableException(
          "Kafka at " + address + " does not answer (gave up " + doing + ")", e);
    }
    if (e instanceof AuthorizationException) {
      return new TrailUnavailableException(
          "Kafka at " + address + " does not allow this client " + doing + ": " + reason, e);
    }
    if (e instanceof AuthenticationException) {
      return new TrailUnavailableException(
          "Kafka at " + address + " refused this client's credentials: " + reason, e);
    }
    if (e instanceof UnsupportedVersionException) {
      return new TrailUnavailableException(
          "Kafka at " + address + " is too old for this client: " + reason, e);
    }
    return new TrailUnavailableException(
        "Kafka at "
            + address
            + " failed "
            + doing
            + ": "
            + e.getClass().getSimpleName()
            + ": "
            + reason,
        e);
  }

  /** Kafka's and Jackson's messages may span lines; a person's terminal gets one. */
  static String oneLine(String text) {
    return text == null ? null : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
