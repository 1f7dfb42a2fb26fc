package io.cronlog.audit.render;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How the audit writes times: UTC first, then the ScheduledJob's own wall clock when it has a zone.
 */
public final class Times {

  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("HH:mm:ss zzz");
  private static final DateTimeFormatter LOCAL_DAY =
      DateTimeFormatter.ofPattern("MM-dd HH:mm:ss zzz");

  private Times() {}

  /**
   * {@code 2026-11-27 10:05:00Z}, and {@code (11:05:00 CET)} after it for a zone other than UTC.
   */
  public static String both(Instant time, ZoneId zone) {
    String utc = UTC.format(time) + "Z";
    if (zone == null || zone.normalized().equals(ZoneOffset.UTC)) {
      return utc;
    }
    var local = time.atZone(zone);
    boolean sameDay = local.toLocalDate().equals(time.atZone(ZoneOffset.UTC).toLocalDate());
    return utc + " (" + (sameDay ? LOCAL : LOCAL_DAY).format(local) + ")";
  }

  /** RFC 3339 with the zone's offset: {@code 2026-11-27T11:05:00+01:00}. */
  public static String local(Instant time, ZoneId zone) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
        time.atZone(zone == null ? ZoneOffset.UTC : zone));
  }
}
