package io.cronlog.schedule;

import java.util.Map;

/**
 * Reads a duration written in Go's syntax ({@code 1h30m}, {@code 1.5s}, {@code 300ms}), as
 * {@code @every} takes it, with Go's arithmetic so that rounding agrees to the nanosecond.
 */
final class GoDuration {

  // 1<<63 as an unsigned 64-bit value: Go accumulates in uint64 and allows exactly this much.
  private static final long LIMIT = Long.MIN_VALUE;
  private static final Map<String, Long> UNITS = Map.of(
      "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  private GoDuration() {}

  /** Returns the duration in nanoseconds, or throws with what is wrong in {@code text}. */
  static long parseNanos(String text) throws InvalidScheduleException {
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
      throw invalid(text, "no number");
    }
    long total = 0; // unsigned
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '.' && !isDigit(c)) {
        throw invalid(text, "expected a number at \"" + s.substring(i) + "\"");
      }
      int start = i;
      long whole = 0; // unsigned
      while (i < s.length() && isDigit(s.charAt(i))) {
        if (Long.compareUnsigned(whole, Long.divideUnsigned(LIMIT, 10)) > 0) {
          throw invalid(text, "too large");
        }
        whole = whole * 10 + (s.charAt(i) - '0');
        if (Long.compareUnsigned(whole, LIMIT) > 0) {
          throw invalid(text, "too large");
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
        throw invalid(text, "a \".\" without digits");
      }
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
        i++;
      }
      if (i == unitStart) {
        throw invalid(text, "missing unit (one of ns, us, ms, s, m, h)");
      }
      String unitName = s.substring(unitStart, i);
      Long unit = UNITS.get(unitName);
      if (unit == null) {
        throw invalid(text, "unknown unit \"" + unitName + "\" (use ns, us, ms, s, m or h)");
      }
      if (Long.compareUnsigned(whole, Long.divideUnsigned(LIMIT, unit)) > 0) {
        throw invalid(text, "too large");
      }
      whole *= unit;
      if (fraction != 0) {
        // Go computes the fractional part in float64; the same IEEE arithmetic gives the same nanos.
        whole += (long) ((double) fraction * ((double) unit / scale));
        if (Long.compareUnsigned(whole, LIMIT) > 0) {
          throw invalid(text, "too large");
        }
      }
      total += whole;
      if (Long.compareUnsigned(total, LIMIT) > 0) {
        throw invalid(text, "too large");
      }
    }
    if (negative) {
      return -total;
    }
    if (total < 0) {
      throw invalid(text, "too large");
    }
    return total;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static InvalidScheduleException invalid(String text, String problem) {
    return new InvalidScheduleException("@every: \"" + text + "\" is not a Go duration such as 90s or 1h30m: "
        + problem);
  }
}
