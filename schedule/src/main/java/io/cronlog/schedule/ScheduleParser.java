package io.cronlog.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a schedule as robfig/cron v3.0.1 {@code ParseStandard} does, after the check Kubernetes
 * adds (no {@code TZ}), with error messages that name the field and the problem.
 */
final class ScheduleParser {

  /** A cron field: its name in messages, its bounds, and the names it accepts. */
  private enum Field {
    MINUTE("minute", 0, 59, Map.of()),
    HOUR("hour", 0, 23, Map.of()),
    DAY_OF_MONTH("day-of-month", 1, 31, Map.of()),
    MONTH(
        "month",
        1,
        12,
        Map.ofEntries(
            Map.entry("jan", 1),
            Map.entry("feb", 2),
            Map.entry("mar", 3),
            Map.entry("apr", 4),
            Map.entry("may", 5),
            Map.entry("jun", 6),
            Map.entry("jul", 7),
            Map.entry("aug", 8),
            Map.entry("sep", 9),
            Map.entry("oct", 10),
            Map.entry("nov", 11),
            Map.entry("dec", 12))),
    DAY_OF_WEEK(
        "day-of-week",
        0,
        6,
        Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5, "sat", 6));

    final String label;
    final int min;
    final int max;
    final Map<String, Integer> names;

    Field(String label, int min, int max, Map<String, Integer> names) {
      this.label = label;
      this.min = min;
      this.max = max;
      this.names = names;
    }
  }

  /**
   * A field's bits, and whether it was an unrestricted {@code *} or {@code ?} (see CronExpression).
   */
  private record Bits(long bits, boolean star) {}

  private static final Map<String, String> DESCRIPTORS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final String EVERY = "@every ";

  private ScheduleParser() {}

  static Recurrence parse(String spec) throws InvalidScheduleException {
    if (spec == null || spec.isEmpty()) {
      throw new InvalidScheduleException("schedule is empty");
    }
    // Kubernetes validation rejects any schedule containing "TZ"; robfig alone would accept
    // a TZ= or CRON_TZ= prefix.
    if (spec.contains("TZ")) {
      throw new InvalidScheduleException(
          "schedule \""
              + spec
              + "\": TZ= and CRON_TZ= are not supported;"
              + " use the timeZone field");
    }
    if (spec.startsWith("@")) {
      return descriptor(spec);
    }
    List<String> fields = splitOnGoSpace(spec);
    if (fields.size() != 5) {
      throw new InvalidScheduleException(
          "schedule \""
              + spec
              + "\": expected 5 fields (minute hour"
              + " day-of-month month day-of-week), found "
              + fields.size()
              + (fields.size() == 6 ? "; a seconds field is not supported" : ""));
    }
    Bits minute = field(fields.get(0), Field.MINUTE);
    Bits hour = field(fields.get(1), Field.HOUR);
    Bits dayOfMonth = field(fields.get(2), Field.DAY_OF_MONTH);
    Bits month = field(fields.get(3), Field.MONTH);
    Bits dayOfWeek = field(fields.get(4), Field.DAY_OF_WEEK);
    return new CronExpression(
        minute.bits(),
        hour.bits(),
        dayOfMonth.bits(),
        month.bits(),
        dayOfWeek.bits(),
        dayOfMonth.star(),
        dayOfWeek.star());
  }

  private static Recurrence descriptor(String spec) throws InvalidScheduleException {
    String equivalent = DESCRIPTORS.get(spec);
    if (equivalent != null) {
      return parse(equivalent);
    }
    if (spec.startsWith(EVERY)) {
      return FixedDelay.ofNanos(GoDuration.parseNanos(spec.substring(EVERY.length())));
    }
    if (spec.equals("@reboot")) {
      throw new InvalidScheduleException("@reboot is not supported: a schedule must repeat");
    }
    String lower = spec.toLowerCase(Locale.ROOT);
    String hint =
        DESCRIPTORS.containsKey(lower) || lower.startsWith(EVERY)
            ? "; descriptors are lower case"
            : "";
    throw new InvalidScheduleException(
        "unknown descriptor \""
            + spec
            + "\": use @yearly, @annually,"
            + " @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>"
            + hint);
  }

  /** A comma-separated list of ranges; empty list items are ignored, as robfig does. */
  private static Bits field(String text, Field field) throws InvalidScheduleException {
    long bits = 0;
    boolean star = false;
    for (String range : text.split(",", -1)) {
      if (!range.isEmpty()) {
        Bits part = range(range, field);
        bits |= part.bits();
        star |= part.star();
      }
    }
    return new Bits(bits, star);
  }

  /**
   * {@code *}, {@code ?}, {@code a}, {@code a-b}, each optionally {@code /step}; {@code a/step}
   * means a-max.
   */
  private static Bits range(String expr, Field field) throws InvalidScheduleException {
    String[] rangeAndStep = expr.split("/", -1);
    String[] lowAndHigh = rangeAndStep[0].split("-", -1);
    int start;
    int end;
    boolean star = false;
    if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
      // robfig ignores anything after "*-": "*-5" is "*".
      start = field.min;
      end = field.max;
      star = true;
    } else {
      start = value(lowAndHigh[0], field, expr);
      if (lowAndHigh.length > 2) {
        throw new InvalidScheduleException(
            field.label + ": \"" + expr + "\" has more than one '-'");
      }
      end = lowAndHigh.length == 2 ? value(lowAndHigh[1], field, expr) : start;
    }
    int step = 1;
    if (rangeAndStep.length > 2) {
      throw new InvalidScheduleException(field.label + ": \"" + expr + "\" has more than one '/'");
    }
    if (rangeAndStep.length == 2) {
      long parsed = number(rangeAndStep[1]);
      if (parsed < 0) {
        throw new InvalidScheduleException(
            field.label
                + ": step \""
                + rangeAndStep[1]
                + "\" in \""
                + expr
                + "\" is not a whole number of at least 1");
      }
      if (lowAndHigh.length == 1) {
        end = field.max;
      }
      if (parsed == 0) {
        throw new InvalidScheduleException(
            field.label + ": step 0 in \"" + expr + "\"; a step must be at least 1");
      }
      step = (int) Math.min(parsed, 64);
      if (parsed > 1) {
        star = false;
      }
    }
    if (start < field.min) {
      throw new InvalidScheduleException(
          field.label + ": " + start + " is below the minimum " + field.min);
    }
    if (end > field.max) {
      throw new InvalidScheduleException(
          field.label + ": " + end + " is above the maximum " + field.max);
    }
    if (start > end) {
      throw new InvalidScheduleException(
          field.label
              + ": range "
              + expr
              + " runs backwards ("
              + start
              + " > "
              + end
              + "); wrap-around ranges are not supported");
    }
    long bits = 0;
    for (int i = start; i <= end; i += step) {
      bits |= 1L << i;
    }
    return new Bits(bits, star);
  }

  /** A number or (for month and day-of-week) a three-letter name in any case. */
  private static int value(String text, Field field, String expr) throws InvalidScheduleException {
    Integer named = field.names.get(goLowerCase(text));
    if (named != null) {
      return named;
    }
    long number = number(text);
    if (number >= 0 && number <= Integer.MAX_VALUE) {
      return (int) number;
    }
    if (number >= 0) { // fits Go's int but not ours: certainly out of range
      throw new InvalidScheduleException(
          field.label + ": " + text + " is above the maximum " + field.max);
    }
    String what =
        field.names.isEmpty()
            ? "a number"
            : "a number or a " + field.label.replace("-", " ") + " name";
    String unsupported =
        text.matches(".*[LW#H].*")
            ? "; L, W, # and H are not supported in Kubernetes schedules"
            : "";
    throw new InvalidScheduleException(
        field.label + ": \"" + text + "\" in \"" + expr + "\" is not " + what + unsupported);
  }

  /**
   * Go's {@code strconv.Atoi} for values robfig accepts: an optional sign and decimal digits that
   * fit in 64 bits. Returns -1 when the text is not such a number or is negative.
   */
  private static long number(String text) {
    int i = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
    if (i == text.length()) {
      return -1;
    }
    boolean negative = text.charAt(0) == '-';
    long value = 0;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
        return -1; // Go reports "value out of range"; an error either way
      }
      value = value * 10 + (c - '0');
    }
    return negative && value != 0 ? -1 : value;
  }

  /** Go's strings.ToLower maps code point by code point, unlike Java's locale-aware rules. */
  private static String goLowerCase(String text) {
    StringBuilder lower = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> lower.appendCodePoint(Character.toLowerCase(cp)));
    return lower.toString();
  }

  /** Go's strings.Fields: split on Unicode white space, dropping empty strings. */
  static List<String> splitOnGoSpace(String text) {
    List<String> fields = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < text.length(); i++) {
      if (isGoSpace(text.charAt(i))) {
        if (start >= 0) {
          fields.add(text.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    if (start >= 0) {
      fields.add(text.substring(start));
    }
    return fields;
  }

  private static boolean isGoSpace(char c) {
    if (c <= 0xFF) {
      return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0;
    }
    int type = Character.getType(c);
    return type == Character.SPACE_SEPARATOR
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
