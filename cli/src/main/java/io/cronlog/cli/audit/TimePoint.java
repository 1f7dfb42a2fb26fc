package io.cronlog.cli.audit;

import io.cronlog.cli.DurationConverter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/**
 * A point in time as the audit's options take it: RFC 3339, or a duration back from now ({@code
 * 1h}, {@code 7d}).
 */
final class TimePoint {

  private TimePoint() {}

  /**
   * Reads {@code text} for the option {@code option}.
   *
   * @throws CommandLine.TypeConversionException with a one-line message when it is neither
   */
  static Instant parse(String option, String text, Instant now) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notATime) {
      try {
        return now.minus(new DurationConverter().convert(text));
      } catch (CommandLine.TypeConversionException notADuration) {
        throw new CommandLine.TypeConversionException(
            option
                + ": '"
                + text
                + "' is neither an RFC 3339 time (2026-11-27T10:00:00Z) nor a duration back from now (30m, 1h, 7d)");
      }
    }
  }
}
