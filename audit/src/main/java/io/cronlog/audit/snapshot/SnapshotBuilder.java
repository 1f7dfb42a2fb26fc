package io.cronlog.audit.snapshot;

import io.cronlog.audit.read.TrailRecord;
import io.cronlog.records.Change;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.state.EventFold;
import java.time.Instant;
import java.util.Optional;

/**
 * Folds one key's events, in partition order, up to an instant, as the watcher did, and keeps the
 * last state published at or before it. Not thread safe.
 */
public final class SnapshotBuilder {

  private final ScheduledJobKey key;
  private final Instant at;
  private final EventFold fold = new EventFold();
  private Snapshot last;

  public SnapshotBuilder(ScheduledJobKey key, Instant at) {
    this.key = key;
    this.at = at;
    this.last = new Snapshot(key, at, null, null, null, null);
  }

  /**
   * Takes the next event record of the key's partition; those of other keys and later ones change
   * nothing.
   */
  public void event(TrailRecord record) {
    if (!record.readable()
        || !key.toString().equals(record.key())
        || !(record.record() instanceof ObservationRecord event)
        || event.time().isAfter(at)) {
      return;
    }
    Optional<ScheduledJobState> state = fold.apply(key, event);
    if (state.isPresent()) {
      last = new Snapshot(key, at, state.get(), event.time(), record.ref(), null);
    } else if (event instanceof ScheduledJobObserved observed
        && observed.change() == Change.DELETED) {
      last = new Snapshot(key, at, null, event.time(), record.ref(), event.time());
    }
  }

  public Snapshot snapshot() {
    return last;
  }
}
