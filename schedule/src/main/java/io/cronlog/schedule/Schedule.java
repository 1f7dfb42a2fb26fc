package io.cronlog.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A parsed schedule in its zone, with the fire times of the Kubernetes CronJob controller
 * (robfig/cron v3.0.1 {@code ParseStandard} and {@code Next}, searched in {@code spec.timeZone}).
 * Immutable and safe to share between threads.
 */
public final class Schedule {

  /**
   * Schedules parsed before, by their text and zone. Parsing is pure and a schedule immutable, so a
   * parse found here is the parse; a cluster's ScheduledJobs share a few hundred schedules at most,
   * and a scheduler decides each of them again at every wake and restore. Bounded by emptying it
   * when full, so that a flood of distinct schedules costs parsing, never memory.
   */
  private static final Map<Key, Schedule> PARSED = new ConcurrentHashMap<>();

  private static final int MAX_PARSED = 4096;

  private final String spec;
  private final ZoneId zone;
  private final Recurrence recurrence;
  private final ZoneTimeline timeline;

  private Schedule(String spec, ZoneId zone, Recurrence recurrence) {
    this.spec = spec;
    this.zone = zone;
    this.recurrence = recurrence;
    this.timeline = ZoneTimeline.of(zone);
  }

  /**
   * Parses a schedule and its zone. The zone is checked first, as the controller does.
   *
   * @param spec the {@code schedule} field: five cron fields or a descriptor
   * @param timeZone the {@code timeZone} field; null or blank means UTC
   * @throws UnknownTimeZoneException if the zone is not an IANA zone we can load
   * @throws InvalidScheduleException if the schedule does not parse
   */
  public static Schedule parse(String spec, String timeZone) throws ScheduleException {
    Key key = new Key(spec, timeZone);
    Schedule parsed = PARSED.get(key);
    if (parsed != null) {
      return parsed;
    }
    ZoneId zone = TimeZones.resolve(timeZone);
    parsed = new Schedule(spec, zone, ScheduleParser.parse(spec));
    if (PARSED.size() >= MAX_PARSED) {
      PARSED.clear();
    }
    PARSED.put(key, parsed);
    return parsed;
  }

  /** What a parse reads: the two fields as written, nulls included. */
  private record Key(String spec, String timeZone) {}

  /**
   * The first fire time strictly after {@code after}, in whole seconds; empty when there is none
   * within robfig's horizon of five calendar years (for example {@code 0 0 30 2 *}).
   */
  public Optional<Instant> next(Instant after) {
    Objects.requireNonNull(after, "after");
    long next = recurrence.nextEpochSecond(after.getEpochSecond(), timeline);
    return next == Recurrence.NONE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(next));
  }

  /**
   * True for {@code @every}: its times count from the previous one rather than lying on a calendar
   * grid, so a caller that skips ahead must step from a known time.
   */
  public boolean isFixedDelay() {
    return recurrence instanceof FixedDelay;
  }

  /** The zone the schedule's wall times are read in (UTC when none was given). */
  public ZoneId zone() {
    return zone;
  }

  /** The schedule text as given. */
  public String spec() {
    return spec;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Schedule that && spec.equals(that.spec) && zone.equals(that.zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(spec, zone);
  }

  @Override
  public String toString() {
    return "Schedule[" + spec + " in " + zone.getId() + "]";
  }
}
