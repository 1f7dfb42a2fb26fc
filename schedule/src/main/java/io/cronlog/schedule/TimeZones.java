package io.cronlog.schedule;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRulesProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resolves a ScheduledJob's {@code timeZone} as Kubernetes does: its validation, then Go's {@code
 * time.LoadLocation}, whose names differ from the JDK's in the rows of {@code zone-names.tsv}.
 */
final class TimeZones {

  // Kubernetes checks each '/'-separated part of the name against this before loading it, so that
  // a zone name can never be a path that escapes the zoneinfo directory.
  private static final Pattern PART = Pattern.compile("[A-Za-z.\\-_0-9+]{1,14}");
  private static final String REFUSED = "-";
  private static final String REST = "*";

  /**
   * One row of the table: a name, or a prefix when {@code prefix}; its JDK zone, REST or REFUSED.
   */
  private record Row(String name, boolean prefix, String target, String why) {}

  // Read once at class load and never changed after, so shared by all threads without a lock.
  private static final Map<String, Row> EXACT;
  private static final List<Row> PREFIXES;

  static {
    Map<String, Row> exact = new HashMap<>();
    List<Row> prefixes = new ArrayList<>();
    for (Row row : readTable()) {
      if (row.prefix()) {
        prefixes.add(row);
      } else {
        exact.put(row.name(), row);
      }
    }
    EXACT = Map.copyOf(exact);
    PREFIXES = List.copyOf(prefixes);
  }

  private TimeZones() {}

  /**
   * No zone means UTC for cronlog (Kubernetes would use the controller's zone, almost always UTC).
   */
  static ZoneId resolve(String name) throws UnknownTimeZoneException {
    if (name == null || name.isBlank()) {
      return ZoneOffset.UTC;
    }
    for (String part : name.split("/", -1)) {
      if (part.equals(".")
          || part.equals("..")
          || part.startsWith("-")
          || !PART.matcher(part).matches()) {
        throw new UnknownTimeZoneException(
            "time zone \""
                + name
                + "\": each part between slashes must be"
                + " 1 to 14 of A-Z a-z 0-9 . - _ + and must not be \".\", \"..\" or start with \"-\"");
      }
    }
    if (name.equalsIgnoreCase("Local")) {
      throw new UnknownTimeZoneException(
          "time zone \""
              + name
              + "\": Local is not allowed;"
              + " name an IANA time zone such as Europe/Berlin");
    }
    return ZoneId.of(jdkZone(name, true));
  }

  /**
   * The JDK zone a name stands for. Only region names: ZoneId.of would also take offsets such as
   * "UTC+5", which Go's time.LoadLocation (and so Kubernetes) rejects. A prefix row such as {@code
   * posix/*} applies once: {@code posix/posix/UTC} is no file in the zoneinfo directory.
   */
  private static String jdkZone(String name, boolean prefixAllowed)
      throws UnknownTimeZoneException {
    Row row = EXACT.get(name);
    if (row == null) {
      for (Row prefix : PREFIXES) {
        if (name.startsWith(prefix.name())) {
          row = prefix;
          break;
        }
      }
    }
    Set<String> jdk = ZoneRulesProvider.getAvailableZoneIds();
    // An alias stands in only while the JDK lacks the name (America/Coyhaique until its tzdata is
    // 2025b).
    boolean alias = row != null && !row.prefix() && !row.target().equals(REFUSED);
    if (row == null || alias && jdk.contains(name)) {
      if (!jdk.contains(name)) {
        throw new UnknownTimeZoneException(
            "time zone \"" + name + "\": not in the IANA time zone database");
      }
      return name;
    }
    if (row.target().equals(REFUSED)) {
      throw new UnknownTimeZoneException("time zone \"" + name + "\": " + row.why());
    }
    if (!row.prefix()) {
      return row.target();
    }
    if (!prefixAllowed) {
      throw new UnknownTimeZoneException(
          "time zone \"" + name + "\": not in the IANA time zone database");
    }
    return jdkZone(name.substring(row.name().length()), false);
  }

  private static List<Row> readTable() {
    List<Row> rows = new ArrayList<>();
    Set<String> known = ZoneRulesProvider.getAvailableZoneIds();
    try (InputStream in = TimeZones.class.getResourceAsStream("zone-names.tsv")) {
      if (in == null) {
        throw new IllegalStateException("zone-names.tsv is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] columns = line.split("\t", -1);
        boolean prefix = columns[0].endsWith(REST);
        String name = prefix ? columns[0].substring(0, columns[0].length() - 1) : columns[0];
        String target = columns[1];
        // A target the JDK lacks would fail for every user of the name; fail once, at class load.
        if (!target.equals(REFUSED) && !(prefix ? target.equals(REST) : known.contains(target))) {
          throw new IllegalStateException("zone-names.tsv: " + line + ": unknown target " + target);
        }
        rows.add(new Row(name, prefix, target, columns[2]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read zone-names.tsv", e);
    }
    return rows;
  }
}
