package io.cronlog.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A zone's UTC offsets as a flat table of periods (spans between two offset changes), so that the
 * search asks "which offset, from when to when" with a binary search instead of allocating. Go's
 * {@code time.Date} needs the bounds of a period, not just its offset, to resolve wall times.
 */
final class ZoneTimeline {

  /** A span of constant offset: {@code [start, end)} in epoch seconds. */
  record Period(long start, long end, int offset) {
    boolean contains(long epochSecond) {
      return epochSecond >= start && epochSecond < end;
    }
  }

  // Transitions are tabulated up to the year 2500; later instants ask ZoneRules directly.
  private static final long TABLE_END = 16_725_225_600L;
  private static final Map<ZoneId, ZoneTimeline> CACHE = new ConcurrentHashMap<>();

  private final ZoneRules rules;

  /** Instants at which the offset changes, ascending. */
  private final long[] transitions;

  /** {@code periods[i]} lies between {@code transitions[i-1]} and {@code transitions[i]}. */
  private final Period[] periods;

  private ZoneTimeline(ZoneRules rules, long[] transitions, Period[] periods) {
    this.rules = rules;
    this.transitions = transitions;
    this.periods = periods;
  }

  /** The shared timeline of a zone, built once per zone because building it walks 500 years. */
  static ZoneTimeline of(ZoneId zone) {
    return CACHE.computeIfAbsent(zone, ZoneTimeline::build);
  }

  private static ZoneTimeline build(ZoneId zone) {
    ZoneRules rules = zone.getRules();
    List<ZoneOffsetTransition> all = new ArrayList<>(rules.getTransitions());
    if (!rules.getTransitionRules().isEmpty()) {
      Instant from =
          all.isEmpty() ? Instant.ofEpochSecond(-TABLE_END) : all.get(all.size() - 1).getInstant();
      ZoneOffsetTransition t = rules.nextTransition(from);
      for (; t != null && t.toEpochSecond() < TABLE_END; t = rules.nextTransition(t.getInstant())) {
        all.add(t);
      }
    }
    long[] transitions = new long[all.size()];
    Period[] periods = new Period[all.size() + 1];
    int offset =
        all.isEmpty()
            ? rules.getOffset(Instant.EPOCH).getTotalSeconds()
            : all.get(0).getOffsetBefore().getTotalSeconds();
    long start = Long.MIN_VALUE;
    for (int i = 0; i < all.size(); i++) {
      transitions[i] = all.get(i).toEpochSecond();
      periods[i] = new Period(start, transitions[i], offset);
      start = transitions[i];
      offset = all.get(i).getOffsetAfter().getTotalSeconds();
    }
    boolean endless = rules.getTransitionRules().isEmpty();
    periods[all.size()] = new Period(start, endless ? Long.MAX_VALUE : TABLE_END, offset);
    return new ZoneTimeline(rules, transitions, periods);
  }

  /** The period that contains an instant. */
  Period periodAt(long epochSecond) {
    if (epochSecond >= TABLE_END && periods[periods.length - 1].end() == TABLE_END) {
      return beyondTable(epochSecond);
    }
    int low = 0;
    int high = transitions.length;
    while (low < high) { // counts the transitions at or before epochSecond
      int mid = (low + high) >>> 1;
      if (transitions[mid] <= epochSecond) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return periods[low];
  }

  private Period beyondTable(long epochSecond) {
    Instant at = Instant.ofEpochSecond(epochSecond);
    ZoneOffsetTransition previous = rules.previousTransition(at.plusSeconds(1));
    ZoneOffsetTransition next = rules.nextTransition(at);
    return new Period(
        previous == null ? Long.MIN_VALUE : previous.toEpochSecond(),
        next == null ? Long.MAX_VALUE : next.toEpochSecond(),
        rules.getOffset(at).getTotalSeconds());
  }
}
