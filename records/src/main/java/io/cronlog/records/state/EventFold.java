package io.cronlog.records.state;

import io.cronlog.records.Change;
import io.cronlog.records.JobObserved;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.ScheduledJobState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rebuilds {@code cronlog.state} from {@code cronlog.events}: each event applied in the order of
 * its partition gives the state the watcher published with it, as {@link ScheduledJobAggregate}
 * makes it. Not thread safe.
 */
public final class EventFold {

  private final Map<ScheduledJobKey, ScheduledJobAggregate> byKey = new HashMap<>();

  /**
   * Applies the event read under {@code key}; the state the watcher published with it, or empty for
   * a deletion (a tombstone) and for Jobs of a ScheduledJob not observed yet (no state).
   */
  public Optional<ScheduledJobState> apply(ScheduledJobKey key, ObservationRecord event) {
    if (event instanceof ScheduledJobObserved observed) {
      if (observed.change() == Change.DELETED) {
        byKey.remove(key);
        return Optional.empty();
      }
      ScheduledJobAggregate aggregate =
          byKey.computeIfAbsent(key, k -> new ScheduledJobAggregate());
      aggregate.observe(observed.object(), observed.time());
      return Optional.of(aggregate.state(event.id(), event.time()));
    }
    JobObserved observed = (JobObserved) event;
    ScheduledJobAggregate aggregate = byKey.computeIfAbsent(key, k -> new ScheduledJobAggregate());
    if (observed.change() == Change.DELETED) {
      aggregate.forget(observed.object().getMetadata().getUid());
    } else {
      aggregate.observe(observed.object());
    }
    return aggregate.scheduledJob() == null
        ? Optional.empty()
        : Optional.of(aggregate.state(event.id(), event.time()));
  }
}
