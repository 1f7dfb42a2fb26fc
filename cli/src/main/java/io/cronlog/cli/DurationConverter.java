package io.cronlog.cli;

import java.time.Duration;
import picocli.CommandLine;

/**
 * Reads {@code 10s}, {@code 2m}, {@code 1h}, {@code 7d} or an ISO-8601 duration such as {@code
 * PT10S}.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    if (value.isBlank()) {
      throw new CommandLine.TypeConversionException("an empty value is not a duration such as 10s");
    }
    String text = value.trim();
    try {
      if (text.startsWith("P") || text.startsWith("p")) {
        return positive(Duration.parse(text), value);
      }
      long amount = Long.parseLong(text.substring(0, text.length() - 1));
      return positive(
          switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default ->
                throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration such as 10s");
          },
          value);
    } catch (RuntimeException e) {
      if (e instanceof CommandLine.TypeConversionException) {
        throw e;
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration such as 10s, 2m or PT10S");
    }
  }

  private static Duration positive(Duration duration, String value) {
    if (duration.isNegative() || duration.isZero()) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a positive duration");
    }
    return duration;
  }
}
