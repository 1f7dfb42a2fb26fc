package io.cronlog.schedule;

/**
 * Finds the next fire time of a {@link CronExpression} the way robfig/cron v3.0.1 does, including
 * what it does around daylight-saving changes.
 *
 * <p>robfig walks wall-clock fields with Go's {@code time} package: it checks month, day, hour,
 * minute, second in turn, and when a field does not match it first resets the smaller fields
 * ({@code time.Date}) and then steps the field ({@code AddDate} for months and days, which
 * re-resolves a wall time; {@code Add} of an hour or a minute, which is absolute). Whenever a step
 * wraps the field it starts again from the month. Around an offset change these steps are what
 * decide the result: a wall time in a spring-forward gap is never reached, an hour step through a
 * repeated hour visits it twice, and {@code time.Date} resolves a wall time in a gap or an overlap
 * with its own rule ({@link #date}). To agree with Kubernetes to the second, this class keeps those
 * steps as its model of the search.
 *
 * <p>It is fast because, when the offset cannot change over the span a run of steps would cover,
 * the steps are plain arithmetic on wall time and it jumps straight to where they would stop (the
 * next set bit of the field, or the wrap). Only spans containing an offset change are stepped.
 * Nothing is allocated per step: the cursor is a handful of primitive fields.
 */
final class NextTimeSearch {

  private static final int DAY = 86_400;
  private static final int HOUR = 3_600;
  // time.Date looks the offset up at the wall time read as UTC, up to a day away from the instant.
  private static final int DATE_MARGIN = DAY;

  private final CronExpression cron;
  private final ZoneTimeline zone;

  // The cursor: the time.Time robfig's loop would hold, as an instant and its wall-clock fields.
  private long epoch;
  private ZoneTimeline.Period period;
  private int year;
  private int month;
  private int day;
  private int hour;
  private int minute;
  private int second;
  private int weekday;

  NextTimeSearch(CronExpression cron, ZoneTimeline zone) {
    this.cron = cron;
    this.zone = zone;
  }

  /** The first fire time strictly after the given second, or {@link Recurrence#NONE}. */
  long after(long afterEpochSecond) {
    moveTo(afterEpochSecond + 1);
    // robfig gives up five calendar years (of the zone) after the start.
    int yearLimit = year + 5;
    boolean reset = false;
    wrap:
    while (true) {
      if (year > yearLimit) {
        return Recurrence.NONE;
      }
      if (!cron.month(month)) {
        if (!reset) {
          reset = true;
          moveTo(date(year, month, 1, 0, 0, 0));
        }
        do {
          if (!jumpMonths()) {
            moveTo(date(year, month + 1, day, hour, minute, second));
          }
          if (month == 1) {
            continue wrap;
          }
        } while (!cron.month(month));
      }
      while (!cron.day(day, weekday)) {
        if (!reset) {
          reset = true;
          moveTo(date(year, month, day, 0, 0, 0));
        }
        if (!jumpDays()) {
          stepDay();
          // robfig's repair for zones whose midnight falls into a gap: back to the hour 0 nearest.
          if (hour != 0) {
            moveTo(epoch + (hour > 12 ? (24L - hour) * HOUR : -hour * (long) HOUR));
          }
        }
        if (day == 1) {
          continue wrap;
        }
      }
      while (!cron.hour(hour)) {
        if (!reset) {
          reset = true;
          moveTo(date(year, month, day, hour, 0, 0));
        }
        if (!jump(CronExpression.nextSetBit(cron.hours(), hour), hour, 24, HOUR)) {
          moveTo(epoch + HOUR);
        }
        if (hour == 0) {
          continue wrap;
        }
      }
      while (!cron.minute(minute)) {
        if (!reset) {
          reset = true;
          moveTo(epoch - Math.floorMod(epoch, 60));
        }
        if (!jump(CronExpression.nextSetBit(cron.minutes(), minute), minute, 60, 60)) {
          moveTo(epoch + 60);
        }
        if (minute == 0) {
          continue wrap;
        }
      }
      // The standard parser's seconds field is always 0.
      if (second != 0) {
        reset = true;
        if (!jump(60, second, 60, 1)) {
          do {
            moveTo(epoch + 1);
          } while (second != 0);
        }
        continue wrap;
      }
      return epoch;
    }
  }

  /**
   * robfig's day step, {@code AddDate(0, 0, 1)}. Where a zone skipped a whole calendar day (Samoa
   * and Tokelau on 2011-12-30) Go resolves the missing day back to the current instant, and robfig
   * then loops forever; we step on to the next day that exists instead.
   */
  private void stepDay() {
    long from = epoch;
    int nextDay = day + 1;
    int y = year;
    int m = month;
    int h = hour;
    int mi = minute;
    int s = second;
    long to;
    do {
      to = date(y, m, nextDay++, h, mi, s);
    } while (to <= from);
    moveTo(to);
  }

  /**
   * Jumps over the absolute steps of {@code unit} seconds from {@code value} to {@code target} (or
   * to the wrap at {@code limit}) when no offset change lies in between, so that the steps would
   * have been plain arithmetic. Returns false when the caller must step one by one.
   */
  private boolean jump(int target, int value, int limit, int unit) {
    long to = epoch + (long) (Math.min(target, limit) - value) * unit;
    if (!period.contains(to)) {
      return false;
    }
    moveTo(to);
    return true;
  }

  /** Jumps the month steps, which are {@code AddDate(0, 1, 0)}, to the next month that fires. */
  private boolean jumpMonths() {
    if (day > 28) { // a later month may not have this day, and AddDate would roll it over
      return false;
    }
    int target = Math.min(CronExpression.nextSetBit(cron.months(), month), 13);
    long to = wallSeconds(year, target, day, hour, minute, second) - period.offset();
    return jumpDated(to);
  }

  /** Jumps the day steps, which are {@code AddDate(0, 0, 1)}, to the next day that fires. */
  private boolean jumpDays() {
    if (hour != 0) { // the step's hour repair would apply
      return false;
    }
    int length = lengthOfMonth(year, month);
    int target = day + 1;
    while (target <= length && !cron.day(target, (weekday + target - day) % 7)) {
      target++;
    }
    return jumpDated(epoch + (long) (target - day) * DAY);
  }

  // time.Date steps resolve wall times near the instant: keep a margin so that each one sees
  // the same single offset.
  private boolean jumpDated(long to) {
    if (!period.contains(epoch - DATE_MARGIN) || !period.contains(to + DATE_MARGIN)) {
      return false;
    }
    moveTo(to);
    return true;
  }

  /**
   * Go's {@code time.Date}: fields may overflow (month 13, day 32) and roll over. A wall time is
   * resolved with the offset in force at that wall time read as UTC, unless that offset does not
   * hold at the resulting instant, in which case the offset at that instant is used. So in a gap
   * the result lands an offset-change before or after, and in an overlap it is the earlier or the
   * later instant, depending on the zone's side of Greenwich.
   */
  private long date(int year, int month, int day, int hour, int minute, int second) {
    long wall = wallSeconds(year, month, day, hour, minute, second);
    ZoneTimeline.Period guess = periodAt(wall);
    if (guess.offset() == 0) {
      return wall;
    }
    long utc = wall - guess.offset();
    return guess.contains(utc) ? utc : wall - periodAt(utc).offset();
  }

  private ZoneTimeline.Period periodAt(long epochSecond) {
    return period.contains(epochSecond) ? period : zone.periodAt(epochSecond);
  }

  private void moveTo(long epochSecond) {
    epoch = epochSecond;
    if (period == null || !period.contains(epochSecond)) {
      period = zone.periodAt(epochSecond);
    }
    long wall = epochSecond + period.offset();
    long days = Math.floorDiv(wall, DAY);
    int secondOfDay = (int) (wall - days * DAY);
    hour = secondOfDay / HOUR;
    minute = secondOfDay / 60 % 60;
    second = secondOfDay % 60;
    weekday = (int) Math.floorMod(days + 4, 7L); // 1970-01-01 was a Thursday
    setDate(days);
  }

  /** Civil date from days since 1970-01-01 (Howard Hinnant's algorithm), without allocating. */
  private void setDate(long epochDay) {
    long z = epochDay + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
  }

  /** Wall-clock seconds since 1970-01-01T00:00 of the fields, rolling over as Go's Date does. */
  static long wallSeconds(int year, int month, int day, int hour, int minute, int second) {
    int monthIndex = month - 1;
    long y = year + Math.floorDiv(monthIndex, 12);
    int m = Math.floorMod(monthIndex, 12) + 1;
    return (epochDay(y, m) + day - 1) * DAY + (long) hour * HOUR + minute * 60L + second;
  }

  /** Days since 1970-01-01 of the first of a month. */
  private static long epochDay(long year, int month) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }
}
