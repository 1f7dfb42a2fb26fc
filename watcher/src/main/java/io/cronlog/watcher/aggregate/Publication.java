package io.cronlog.watcher.aggregate;

import io.cronlog.records.ObservationRecord;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobState;

/**
 * What one observation makes the watcher publish: always an event; the new state, a tombstone
 * ({@code state == null && tombstone}), or no state write when the ScheduledJob is not known.
 */
public record Publication(
    ScheduledJobKey key, ObservationRecord event, ScheduledJobState state, boolean tombstone) {}
