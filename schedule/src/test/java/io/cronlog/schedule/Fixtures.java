package io.cronlog.schedule;

import static org.assertj.core.api.Assertions.fail;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Helpers shared by the schedule tests: parse without checked exceptions, list fire times as text.
 */
final class Fixtures {

  private static final DateTimeFormatter RFC_3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

  private Fixtures() {}

  static Schedule schedule(String spec, String zone) {
    try {
      return Schedule.parse(spec, zone);
    } catch (ScheduleException e) {
      return fail("expected '%s' in '%s' to parse, got: %s", spec, zone, e.getMessage());
    }
  }

  /** The next {@code count} fire times after {@code from}, in RFC 3339 with the zone's offset. */
  static List<String> next(String spec, String zone, String from, int count) {
    Schedule schedule = schedule(spec, zone);
    List<String> times = new ArrayList<>();
    Instant t = Instant.parse(from);
    for (int i = 0; i < count; i++) {
      Optional<Instant> next = schedule.next(t);
      if (next.isEmpty()) {
        break;
      }
      t = next.get();
      times.add(RFC_3339.format(t.atZone(schedule.zone())));
    }
    return times;
  }
}
