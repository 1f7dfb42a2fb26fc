package io.cronlog.schedule;

import java.time.Duration;
import java.util.Map;

/**
 * Reads a duration written in Go's syntax ({@code 1h30m}, {@code 1.5s}, {@code 300ms}), as
 * {@code @every} and Go's {@code time.ParseDuration} take it, with Go's arithmetic so that rounding
 * agrees to the nanosecond.
 */
public final class GoDuration {

  // 1<<63 as an unsigned 64-bit value: Go accumulates in uint64 and allows exactly this much.
  private static final long LIMIT = Long.MIN_VALUE;
  private static final Map<String, Long> UNITS =
      Map.of(
          "ns",
          1L,
          "us",
          1_000L,
          "\u00b5s",
          1_000L,
          "\u03bcs",
          1_000L,
          "ms",
          1_000_000L,
          "s",
          1_000_000_000L,
          "m",
          60_000_000_000L,
          "h",
          3_600_000_000_000L);

  private GoDuration() {}

  /**
   * The duration {@code text} names.
   *
   * @throws IllegalArgumentException saying what is wrong in {@code text}
   */
  public static Duration parse(String text) {
    try {
      return Duration.ofNanos(nanos(text));
    } catch (NotADuration e) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a duration such as 90s or 1h30m: " + e.problem);
    }
  }

  /**
   * The nanoseconds of an {@code @every} schedule, or throws with what is wrong in {@code text}.
   */
  static long parseNanos(String text) throws InvalidScheduleException {
    try {
      return nanos(text);
    } catch (NotADuration e) {
      throw new InvalidScheduleException(
          "@every: \"" + text + "\" is not a Go duration such as 90s or 1h30m: " + e.problem);
    }
  }

  /** What is wrong with a duration's text; each caller words the message for its reader. */
  private static final class NotADuration extends Exception {
    final String problem;

    NotADuration(String problem) {
      super(problem, null, false, false);
      this.problem = problem;
    }
  }

  private static long nanos(String text) throws NotADuration {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw invalid("no number");
    }
    long total = 0; // unsigned
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '.' && !isDigit(c)) {
        throw invalid("expected a number at \"" + s.substring(i) + "\"");
      }
      int start = i;
      long whole = 0; // unsigned
      while (i < s.length() && isDigit(s.charAt(i))) {
        if (Long.compareUnsigned(whole, Long.divideUnsigned(LIMIT, 10)) > 0) {
          throw invalid("too large");
        }
        whole = whole * 10 + (s.charAt(i) - '0');
        if (Long.compareUnsigned(whole, LIMIT) > 0) {
          throw invalid("too large");
        }
        i++;
      }
      boolean digitsBefore = i > start;
      long fraction = 0;
      double scale = 1;
      boolean digitsAfter = false;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        boolean overflow = false;
        while (i < s.length() && isDigit(s.charAt(i))) {
          digitsAfter = true;
          // Like Go, stop gaining precision rather than fail on a very long fraction.
          if (!overflow) {
            if (Long.compareUnsigned(fraction, Long.MAX_VALUE / 10) > 0) {
              overflow = true;
            } else {
              long next = fraction * 10 + (s.charAt(i) - '0');
              if (Long.compareUnsigned(next, LIMIT) > 0) {
                overflow = true;
              } else {
                fraction = next;
                scale *= 10;
              }
            }
          }
          i++;
        }
      }
      if (!digitsBefore && !digitsAfter) {
        throw invalid("a \".\" without digits");
      }
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
        i++;
      }
      if (i == unitStart) {
        throw invalid("missing unit (one of ns, us, ms, s, m, h)");
      }
      String unitName = s.substring(unitStart, i);
      Long unit = UNITS.get(unitName);
      if (unit == null) {
        throw invalid("unknown unit \"" + unitName + "\" (use ns, us, ms, s, m or h)");
      }
      if (Long.compareUnsigned(whole, Long.divideUnsigned(LIMIT, unit)) > 0) {
        throw invalid("too large");
      }
      whole *= unit;
      if (fraction != 0) {
        // Go computes the fractional part in float64; the same IEEE arithmetic gives the same
        // nanos.
        whole += (long) ((double) fraction * ((double) unit / scale));
        if (Long.compareUnsigned(whole, LIMIT) > 0) {
          throw invalid("too large");
        }
      }
      total += whole;
      if (Long.compareUnsigned(total, LIMIT) > 0) {
        throw invalid("too large");
      }
    }
    if (negative) {
      return -total;
    }
    if (total < 0) {
      throw invalid("too large");
    }
    return total;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static NotADuration invalid(String problem) {
    return new NotADuration(problem);
  }
}
