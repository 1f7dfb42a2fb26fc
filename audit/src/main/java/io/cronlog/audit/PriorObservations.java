package io.cronlog.audit;

import io.cronlog.audit.read.TrailReader;
import io.cronlog.audit.read.TrailRecord;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.runtime.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each ScheduledJob looked like just before a span: its last observation before {@code since},
 * so that the runs due early in the span are judged by the spec then in effect, however long ago it
 * last changed. Found by reading back from {@code since} in slices that double (an hour, two, four,
 * ...) until every key asked about has one, or the partition's beginning is reached; so a busy
 * ScheduledJob costs an hour of trail, and only a quiet one costs more.
 */
final class PriorObservations {

  private static final Duration FIRST_SLICE = Duration.ofHours(1);

  /** Past this far back, the last slice reads from the beginning of what Kafka keeps. */
  private static final Duration FURTHEST = Duration.ofDays(400);

  private final TrailReader reader;
  private final Topics topics;

  PriorObservations(TrailReader reader, Topics topics) {
    this.reader = reader;
    this.topics = topics;
  }

  /**
   * The ScheduledJobs that exist now with records in {@code partition}: the live keys of its
   * compacted state.
   */
  Set<String> keysIn(int partition) {
    return reader.liveKeys(partition);
  }

  /** The last observation of each of {@code keys} made before {@code since}, oldest first. */
  List<TrailRecord> before(int partition, Instant since, Collection<String> keys) {
    Map<String, TrailRecord> found = new HashMap<>();
    Set<String> missing = new TreeSet<>(keys);
    Duration reach = FIRST_SLICE;
    Instant until = since;
    while (!missing.isEmpty()) {
      boolean last = reach.compareTo(FURTHEST) > 0;
      Instant from = last ? null : since.minus(reach);
      Map<String, TrailRecord> slice = new HashMap<>();
      reader.read(
          topics.events(),
          partition,
          from,
          until,
          Set.copyOf(missing),
          record -> {
            if (record.readable()
                && record.record() instanceof ScheduledJobObserved observed
                && observed.time().isBefore(since)) {
              slice.merge(record.key(), record, (a, b) -> time(b).isBefore(time(a)) ? a : b);
            }
          });
      slice.forEach(
          (key, record) -> {
            found.put(key, record);
            missing.remove(key);
          });
      if (last) {
        break;
      }
      until = from;
      reach = reach.multipliedBy(2);
    }
    return found.values().stream().sorted(Comparator.comparing(PriorObservations::time)).toList();
  }

  private static Instant time(TrailRecord record) {
    return record.record().time();
  }
}
