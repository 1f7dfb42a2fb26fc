package io.cronlog.schedule;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRulesProvider;
import java.util.regex.Pattern;

/** Resolves a ScheduledJob's {@code timeZone} with the rules of Kubernetes' CronJob validation. */
final class TimeZones {

  // Kubernetes checks each '/'-separated part of the name against this before loading it, so that
  // a zone name can never be a path that escapes the zoneinfo directory.
  private static final Pattern PART = Pattern.compile("[A-Za-z.\\-_0-9+]{1,14}");

  private TimeZones() {}

  /** No zone means UTC for cronlog (Kubernetes would use the controller's zone, almost always UTC). */
  static ZoneId resolve(String name) throws UnknownTimeZoneException {
    if (name == null || name.isBlank()) {
      return ZoneOffset.UTC;
    }
    for (String part : name.split("/", -1)) {
      if (part.equals(".") || part.equals("..") || part.startsWith("-") || !PART.matcher(part).matches()) {
        throw new UnknownTimeZoneException("time zone \"" + name + "\": each part between slashes must be"
            + " 1 to 14 of A-Z a-z 0-9 . - _ + and must not be \".\", \"..\" or start with \"-\"");
      }
    }
    if (name.equalsIgnoreCase("Local")) {
      throw new UnknownTimeZoneException("time zone \"" + name + "\": Local is not allowed;"
          + " name an IANA time zone such as Europe/Berlin");
    }
    // Only region names from the tz database: ZoneId.of would also take offsets such as
    // "UTC+5", which Go's time.LoadLocation (and so Kubernetes) rejects.
    if (!ZoneRulesProvider.getAvailableZoneIds().contains(name)) {
      throw new UnknownTimeZoneException("time zone \"" + name + "\": not in the IANA time zone database");
    }
    return ZoneId.of(name);
  }
}
