package io.cronlog.scheduler.decide;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads the RFC 3339 times of Kubernetes objects. */
final class Times {

  private Times() {}

  /** The instant {@code rfc3339} names; null when it is unset or not a time. */
  static Instant parse(String rfc3339) {
    if (rfc3339 == null || rfc3339.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
