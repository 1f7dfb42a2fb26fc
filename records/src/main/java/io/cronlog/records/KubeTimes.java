package io.cronlog.records;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
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
    if (text == null || text.isBlank()) {
      return null;
    }
    Instant written = utcOrNull(text);
    return written != null ? written : OffsetDateTime.parse(text).toInstant();
  }

  /**
   * {@code 2024-03-01T10:00:00Z}, with or without a fraction of up to nine digits ({@code
   * .123456Z}), read without a formatter: the form the API server writes its times in, and the form
   * Jackson writes cronlog's own instants in. A scheduler's restore reads two or three per
   * ScheduledJob, and the formatter was a seventh of its decisions' time. Null for any other text,
   * even a bad date of this shape, so that a formatter reads it and refuses it as it always did.
   */
  public static Instant utcOrNull(String text) {
    int length = text.length();
    if (length < 20
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(length - 1) != 'Z') {
      return null;
    }
    int nanos = 0;
    if (length > 20) {
      int fractionDigits = length - 21;
      if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return null;
      }
      nanos = digits(text, 20, fractionDigits);
      for (int i = fractionDigits; i < 9 && nanos >= 0; i++) {
        nanos *= 10;
      }
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if ((year | month | day | hour | minute | second | nanos) < 0) {
      return null;
    }
    try {
      return Instant.ofEpochSecond(
          LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC),
          nanos);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The decimal number of {@code length} ASCII digits at {@code from}; -1 if one is no digit. */
  private static int digits(String text, int from, int length) {
    int value = 0;
    for (int i = from; i < from + length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
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
