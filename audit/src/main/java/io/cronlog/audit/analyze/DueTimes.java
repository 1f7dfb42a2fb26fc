package io.cronlog.audit.analyze;

import io.cronlog.audit.history.Incarnation;
import io.cronlog.audit.history.SpecObservation;
import io.cronlog.audit.history.SpecView;
import io.cronlog.records.rules.FireTimes;
import io.cronlog.schedule.Schedule;
import io.cronlog.schedule.ScheduleException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which runs of one ScheduledJob were due, recomputed from its recorded spec history alone, with
 * the Kubernetes rules and cronlog's deliberate differences: a time is due when it is a fire time
 * of the schedule in effect, after the object was created and after that schedule took effect (an
 * edit of {@code schedule} or {@code timeZone} never makes an earlier time due, difference 3),
 * while the object was neither suspended, nor invalid, nor being deleted. An {@code @every}
 * schedule counts its times from the moment it took effect.
 */
public final class DueTimes {

  /**
   * How close before a schedule edit a time of the old schedule races with it: the scheduler may
   * have decided it before or after the edit reached it, so either is right.
   */
  static final Duration EDIT_RACE = Duration.ofSeconds(5);

  private DueTimes() {}

  /**
   * The due times, in order, and the times that race with a schedule edit (due under the old
   * schedule, within {@link #EDIT_RACE} before the edit was observed): neither running nor not
   * running them is a fault.
   */
  public record Due(List<Instant> times, Set<Instant> racing) {}

  /** The due times of {@code incarnation} from {@code from} on and not after {@code until}. */
  public static Due of(Incarnation incarnation, Instant from, Instant until) {
    List<SpecObservation> specs = incarnation.specs();
    List<Instant> due = new ArrayList<>();
    Set<Instant> racing = new HashSet<>();
    if (specs.isEmpty()) {
      return new Due(due, racing);
    }
    Instant end =
        incarnation.deleted() != null && incarnation.deleted().isBefore(until)
            ? incarnation.deleted()
            : until;
    // Before the first observation read, the spec is known only when that observation is at or
    // before the span judged, or is the object's ADDED; otherwise nothing before it is judged.
    Instant firstSeen = specs.get(0).time();
    Instant created = incarnation.created();
    boolean knownBefore = incarnation.seenFromCreation() || !firstSeen.isAfter(from);
    Instant segmentStart =
        knownBefore && created != null && !created.isAfter(firstSeen) ? created : firstSeen;
    SpecView segmentSpec = specs.get(0).spec();
    for (int i = 1; i <= specs.size(); i++) {
      boolean last = i == specs.size();
      if (!last && !specs.get(i).spec().scheduleDiffers(segmentSpec)) {
        continue;
      }
      Instant segmentEnd = last ? end : min(specs.get(i).time(), end);
      // A segment's own start is never due (the controller's earliest < t); the span's start is.
      Instant raceFrom = last ? null : specs.get(i).time().minus(EDIT_RACE);
      addSegment(
          due,
          racing,
          raceFrom,
          incarnation,
          segmentSpec,
          segmentStart,
          max(segmentStart, from.minusNanos(1)),
          segmentEnd);
      if (!last) {
        segmentStart = specs.get(i).time();
        segmentSpec = specs.get(i).spec();
      }
    }
    return new Due(due, racing);
  }

  /** The schedule of a spec, or empty when it does not parse (no run is due then). */
  public static Optional<Schedule> schedule(SpecView spec) {
    try {
      return Optional.of(Schedule.parse(spec.schedule(), spec.timeZone()));
    } catch (ScheduleException e) {
      return Optional.empty();
    }
  }

  private static void addSegment(
      List<Instant> due,
      Set<Instant> racing,
      Instant raceFrom,
      Incarnation incarnation,
      SpecView spec,
      Instant base,
      Instant after,
      Instant end) {
    Optional<Schedule> parsed = schedule(spec);
    if (parsed.isEmpty() || !after.isBefore(end)) {
      return;
    }
    Schedule schedule = parsed.get();
    for (Optional<Instant> t = FireTimes.firstAfter(schedule, base, after);
        t.isPresent() && !t.get().isAfter(end);
        t = schedule.next(t.get())) {
      SpecObservation inEffect = incarnation.specAt(t.get());
      SpecView current = inEffect == null ? spec : inEffect.spec();
      if (!current.suspend() && !current.deleting() && current.invalid() == null) {
        (raceFrom != null && t.get().isAfter(raceFrom) ? racing : due).add(t.get());
      }
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
