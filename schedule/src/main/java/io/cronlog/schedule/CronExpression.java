package io.cronlog.schedule;

/**
 * The five calendar fields of a schedule as bitsets (bit {@code n} set when value {@code n} fires).
 *
 * <p>{@code anyDayOfMonth}/{@code anyDayOfWeek} record that the field was written as {@code *} or
 * {@code ?} without a step above 1: robfig/cron then requires both day fields to match, and
 * otherwise either one. That is why {@code 0 0 13 * 5} fires on every 13th and every Friday while
 * {@code 0 0 * * 5} fires on Fridays only, and why a day-of-month of {@code *}{@code /2} (a step
 * above 1 clears the mark) with day-of-week {@code 5} fires on odd days and on Fridays.
 */
record CronExpression(
    long minutes,
    long hours,
    long daysOfMonth,
    long months,
    long daysOfWeek,
    boolean anyDayOfMonth,
    boolean anyDayOfWeek)
    implements Recurrence {

  CronExpression {
    requireWithin("minutes", minutes, 0, 59);
    requireWithin("hours", hours, 0, 23);
    requireWithin("daysOfMonth", daysOfMonth, 1, 31);
    requireWithin("months", months, 1, 12);
    requireWithin("daysOfWeek", daysOfWeek, 0, 6);
  }

  boolean minute(int minute) {
    return (minutes >>> minute & 1) != 0;
  }

  boolean hour(int hour) {
    return (hours >>> hour & 1) != 0;
  }

  boolean month(int month) {
    return (months >>> month & 1) != 0;
  }

  /** The day rule: AND when either day field is unrestricted, OR when both are restricted. */
  boolean day(int dayOfMonth, int dayOfWeek) {
    boolean domMatch = (daysOfMonth >>> dayOfMonth & 1) != 0;
    boolean dowMatch = (daysOfWeek >>> dayOfWeek & 1) != 0;
    return anyDayOfMonth || anyDayOfWeek ? domMatch && dowMatch : domMatch || dowMatch;
  }

  @Override
  public long nextEpochSecond(long afterEpochSecond, ZoneTimeline zone) {
    return new NextTimeSearch(this, zone).after(afterEpochSecond);
  }

  /** The lowest value above {@code value} whose bit is set in {@code bits}, or 64 when none is. */
  static int nextSetBit(long bits, int value) {
    if (value >= 63) {
      return 64;
    }
    long above = bits & (-1L << (value + 1));
    return Long.numberOfTrailingZeros(above);
  }

  private static void requireWithin(String name, long bits, int min, int max) {
    long allowed = (-1L << min) & (-1L >>> (63 - max));
    if ((bits & ~allowed) != 0) {
      throw new IllegalArgumentException(name + " has bits outside " + min + ".." + max);
    }
  }
}
