package io.cronlog.records;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Times as the Kubernetes API writes them: RFC 3339, whole seconds ({@code metav1.Time}). */
public final class KubeTimes {

  private KubeTimes() {}

  /** {@code 2024-03-01T10:00:00Z}. */
  public static String format(Instant time) {
    return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * RFC 3339 with the offset of {@code zone} at that instant: {@code 2024-03-01T11:00:00+01:00}.
   */
  public static String format(Instant time, ZoneId zone) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
        time.truncatedTo(ChronoUnit.SECONDS).atZone(zone));
  }

  /** Reads an RFC 3339 time; null stays null; anything else that is not a time throws. */
  public static Instant parse(String text) {
    return text == null || text.isBlank() ? null : OffsetDateTime.parse(text).toInstant();
  }

  /**
   * Reads an RFC 3339 time written by someone else (an annotation a user may edit, a status field
   * of another version): null when it is unset or not a time, so that it is simply not trusted.
   */
  public static Instant parseOrNull(String text) {
    try {
      return parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The zone of a ScheduledJob's {@code timeZone} field: UTC when unset. */
  public static ZoneId zoneOf(String timeZone) {
    return timeZone == null || timeZone.isBlank() ? ZoneOffset.UTC : ZoneId.of(timeZone);
  }
}
